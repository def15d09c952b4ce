package dev.eventline.bench.load;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.Recorder;

/**
 * An open-model load: operations are due at a constant rate whatever the system does, and each
 * one's latency counts from when it was due, not from when it could be sent. A stall therefore
 * shows as latency of every operation that waited behind it, instead of hiding as a lower rate
 * (coordinated omission). Operations in flight are capped; past the cap the generator waits,
 * and the wait is in the latency too.
 */
public final class OpenLoop {

    private final int maxInFlight;

    public OpenLoop(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /**
     * Runs {@code operation} at {@code rate} per second for {@code duration}; each call gets its due
     * time (System.nanoTime) and returns a future of its outcome (an HTTP status, or any label).
     */
    public Measurement run(String name, double rate, Duration duration, LongFunction<CompletableFuture<String>> operation) {
        Map<String, Recorder> recorders = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long intervalNanos = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long due = start;
        long issued = 0;
        while (due < end) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquireUninterruptibly();
            long dueAt = due;
            CompletableFuture<String> done;
            try {
                done = operation.apply(dueAt);
            } catch (RuntimeException e) {
                done = CompletableFuture.failedFuture(e);
            }
            done.whenComplete((outcome, error) -> {
                String label = error != null ? "error " + rootName(error) : outcome;
                recorders.computeIfAbsent(label, k -> new Recorder(3)).recordValue(Math.max(0, (System.nanoTime() - dueAt) / 1000));
                inFlight.release();
            });
            issued++;
            due = start + issued * intervalNanos;
        }
        // Offered as it happened: past the in-flight cap the generator falls behind its schedule.
        double issuing = Math.max(duration.toNanos(), System.nanoTime() - start) / 1e9;
        // The step ends when its last operation does.
        try {
            if (inFlight.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS)) {
                inFlight.release(maxInFlight);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Done per second of the step: operations still finishing after it count, their lateness is in the latency.
        double seconds = duration.toNanos() / 1e9;
        Map<String, org.HdrHistogram.Histogram> latency = new java.util.HashMap<>();
        recorders.forEach((label, recorder) -> latency.put(label, recorder.getIntervalHistogram()));
        long finished = latency.values().stream().mapToLong(org.HdrHistogram.Histogram::getTotalCount).sum();
        return new Measurement(name, issued / issuing, finished / seconds, latency);
    }

    static String rootName(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
