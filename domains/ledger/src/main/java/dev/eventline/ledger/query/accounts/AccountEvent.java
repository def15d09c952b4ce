package dev.eventline.ledger.query.accounts;

import java.time.Instant;

/** One archived account event as a live stream sends it, with where it sits in the log. */
public record AccountEvent(int partition, long offset, String accountId, long version, String type, Instant occurredAt, String payloadJson) {
}
