package dev.eventline.bench.chaos;

import java.util.List;

import dev.eventline.schemas.envelope.Envelopes;

/**
 * One command the chaos load sent, and the definitive answer it got after however many attempts
 * (each with the same {@code Idempotency-Key}): status -1 when none came before the load gave up.
 * {@code amount} is what a deposit adds or a withdrawal takes; a transfer's is moved between accounts.
 */
record Sent(String client, String key, String aggregateType, String aggregateId, String command, long amount, int status,
            List<String> eventIds, int attempts) {

    boolean acknowledged() {
        return status / 100 == 2;
    }

    boolean refused() {
        return status / 100 == 4;
    }

    /** The command id the platform derives from the client and the key. */
    String commandId() {
        return Envelopes.clientCommandId(client, key);
    }
}
