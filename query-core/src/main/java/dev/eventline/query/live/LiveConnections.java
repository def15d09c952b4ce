package dev.eventline.query.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;

/**
 * Caps open event streams per client and in total; each stream holds a permit until it ends.
 * Prometheus: {@code eventline_live_streams} (open now) and {@code eventline_live_refused_total{cap}}.
 */
@Context // its gauge is exported from the start, not from the first stream
public class LiveConnections {

    private final int perClient;
    private final int total;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> byClient = new ConcurrentHashMap<>();
    private final Counter refusedPerClient;
    private final Counter refusedTotal;

    public LiveConnections(@Value("${eventline.query.live.per-client:5}") int perClient, @Value("${eventline.query.live.total:1000}") int total,
                           MeterRegistry registry) {
        this.perClient = perClient;
        this.total = total;
        Gauge.builder("eventline.live.streams", open, AtomicInteger::get).description("Server-Sent Event streams open on this instance")
                .register(registry);
        this.refusedPerClient = Counter.builder("eventline.live.refused").tag("cap", "per-client")
                .description("event streams refused with 429").register(registry);
        this.refusedTotal = Counter.builder("eventline.live.refused").tag("cap", "total")
                .description("event streams refused with 429").register(registry);
    }

    /** A permit for one stream of {@code client}, or 429 when a cap is reached; release it once. */
    public Runnable acquire(String client) {
        AtomicInteger mine = byClient.computeIfAbsent(client, c -> new AtomicInteger());
        if (mine.incrementAndGet() > perClient) {
            mine.decrementAndGet();
            refusedPerClient.increment();
            throw tooMany("client " + client + " has " + perClient + " event streams open already");
        }
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            mine.decrementAndGet();
            refusedTotal.increment();
            throw tooMany("this instance serves " + total + " event streams already");
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                open.decrementAndGet();
                mine.decrementAndGet();
            }
        };
    }

    public int open() {
        return open.get();
    }

    private static ProblemException tooMany(String detail) {
        return new ProblemException(Problem.of(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_STREAMS", "Too many event streams")
                .detail(detail + "; close one or retry later").header("Retry-After", "5"));
    }
}
