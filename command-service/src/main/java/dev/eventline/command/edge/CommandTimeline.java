package dev.eventline.command.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import io.micronaut.http.MutableHttpResponse;

/**
 * Where the time of one synchronous command went, from the points its path passed: taken by the
 * controller, handed to the producer, let through by the admission stage, decided by the decide
 * stage, its outcome read back here, answered. The answer carries it as {@code Server-Timing}
 * (W3C: browsers' developer tools show it; the benchmark builds its per-hop budget from it). The
 * two stage times come from the outcome record's headers, written by whichever instance ran the
 * stage: across hosts a hop is as exact as their clocks agree.
 */
final class CommandTimeline {

    static final String HEADER = "Server-Timing";

    private final Instant taken = Instant.now();
    private Instant sent;

    /** The request is handed to the producer now. */
    void sent() {
        sent = Instant.now();
    }

    /**
     * The hops in path order, in milliseconds: {@code edge} (reading, checking and encoding the
     * request), {@code admit} (produce, the admission stage's fetch and check), {@code decide}
     * (admission's hand-over, the decide stage's fetch and decision), {@code commit} (the decide
     * transaction's commit and the outcome's fetch back here), {@code reply} (answer built), and
     * {@code total}. A hop whose stage time is missing (an outcome from an older instance) is left out.
     */
    Map<String, Double> hops(ReplyListener.Reply reply, Instant answered) {
        Map<String, Double> hops = new LinkedHashMap<>();
        hops.put("edge", millis(taken, sent));
        reply.admittedAt().ifPresent(admitted -> hops.put("admit", millis(sent, admitted)));
        if (reply.admittedAt().isPresent() && reply.decidedAt().isPresent()) {
            hops.put("decide", millis(reply.admittedAt().get(), reply.decidedAt().get()));
        }
        reply.decidedAt().ifPresent(decided -> hops.put("commit", millis(decided, reply.receivedAt())));
        hops.put("reply", millis(reply.receivedAt(), answered));
        hops.put("total", millis(taken, answered));
        return hops;
    }

    /** Adds the {@code Server-Timing} header. */
    static MutableHttpResponse<?> withServerTiming(MutableHttpResponse<?> response, Map<String, Double> hops) {
        StringJoiner timing = new StringJoiner(", ");
        hops.forEach((hop, ms) -> timing.add(hop + ";dur=" + String.format(Locale.ROOT, "%.2f", ms)));
        return response.header(HEADER, timing.toString());
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
