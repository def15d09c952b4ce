package dev.eventline.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

import org.HdrHistogram.Recorder;

/**
 * As many operations as {@code workers} threads can do, each waiting for its answer before the
 * next: the maximum rate of an endpoint and the latency at that rate. For comparing an endpoint
 * with a baseline endpoint under the same load.
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    /** {@code operation.apply(worker)} gives the call a worker makes next; it returns its outcome label. */
    public static Measurement run(String name, int workers, Duration duration, IntFunction<Callable<String>> operation) throws InterruptedException {
        Map<String, Recorder> recorders = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            Callable<String> call = operation.apply(w);
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long begin = System.nanoTime();
                    String outcome;
                    try {
                        outcome = call.call();
                    } catch (Exception e) {
                        outcome = "error " + OpenLoop.rootName(e);
                    }
                    recorders.computeIfAbsent(outcome, k -> new Recorder(3)).recordValue((System.nanoTime() - begin) / 1000);
                }
            }, name + "-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, org.HdrHistogram.Histogram> latency = new java.util.HashMap<>();
        recorders.forEach((label, recorder) -> latency.put(label, recorder.getIntervalHistogram()));
        long done = latency.values().stream().mapToLong(org.HdrHistogram.Histogram::getTotalCount).sum();
        return new Measurement(name, Double.NaN, done / seconds, latency);
    }
}
