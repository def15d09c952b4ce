package dev.eventline.command.metrics;

import java.time.Duration;
import java.util.Map;

import dev.eventline.command.CommandOutcomeObserver;
import dev.eventline.schemas.envelope.CommandResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

/**
 * The stages' outcomes as Prometheus counters, counted where they are decided (so asynchronous
 * commands count too, once, on the instance that owns the partition), plus the edge's early refusals.
 * Labels hold registered names and codes only, never a request's raw text:
 * <ul>
 *   <li>{@code eventline_commands_outcomes_total{stage, aggregate_type, status, code}}: every
 *       outcome; {@code code} is the rejection code, {@code none} for an accepted command;</li>
 *   <li>{@code eventline_commands_rate_limited_total{stage}}: refusals by a client's limit, at the
 *       HTTP edge or in admission. No series names a client (the scrape is public, see
 *       docs/security.md): per-client figures are the projection service's statistics;</li>
 *   <li>{@code eventline_commands_dead_letters_total{stage}}: records sent to the dead-letter topic;</li>
 *   <li>{@code eventline_commands_hop_seconds{hop}}: where a synchronous command's time went, hop by
 *       hop (the answer's {@code Server-Timing}: edge, admit, decide, commit, reply, total).</li>
 * </ul>
 */
@Singleton
public class CommandOutcomeMetrics implements CommandOutcomeObserver {

    private final MeterRegistry registry;

    public CommandOutcomeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void outcome(String stage, CommandResult result) {
        String code = result.getRejectionCode() == null ? "none" : result.getRejectionCode();
        Counter.builder("eventline.commands.outcomes").description("command outcomes written by the stages")
                .tags("stage", stage, "aggregate_type", result.getAggregateType(), "status", result.getStatus().name(), "code", code)
                .register(registry).increment();
        if ("RATE_LIMITED".equals(code)) {
            rateLimited(stage);
        }
    }

    /** A command the HTTP edge refused at once, its client being over its limit (it never reached a stage). */
    public void refusedAtEdge(String aggregateType) {
        Counter.builder("eventline.commands.outcomes").description("command outcomes written by the stages")
                .tags("stage", "edge", "aggregate_type", aggregateType, "status", "RATE_LIMITED", "code", "RATE_LIMITED")
                .register(registry).increment();
        rateLimited("edge");
    }

    private void rateLimited(String stage) {
        Counter.builder("eventline.commands.rate.limited").description("commands refused by a client's limit, at the edge or in admission")
                .tags("stage", stage).register(registry).increment();
    }

    /** One synchronous command's hops, in milliseconds (a negative hop, from clocks apart across hosts, counts as zero). */
    public void hops(Map<String, Double> millis) {
        millis.forEach((hop, ms) -> Timer.builder("eventline.commands.hop").description("a synchronous command's time, hop by hop")
                .tags("hop", hop).register(registry).record(Duration.ofNanos((long) (Math.max(0, ms) * 1e6))));
    }

    @Override
    public void deadLetter(String stage) {
        Counter.builder("eventline.commands.dead.letters").description("records the stages sent to the dead-letter topic")
                .tags("stage", stage).register(registry).increment();
    }
}
