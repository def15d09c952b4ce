package dev.eventline.bench.load;

import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * What one load step measured: the rate offered, the rate done, the latency distribution (ms,
 * from when each operation was due), and how the operations ended (HTTP status or error name).
 */
public record Measurement(String name, double offeredPerSecond, double donePerSecond, Map<String, Histogram> latencyByOutcome) {

    public Measurement {
        latencyByOutcome = new TreeMap<>(latencyByOutcome);
    }

    /** Latency of every operation, µs. */
    public Histogram latencyMicros() {
        return merged(latencyByOutcome.keySet().toArray(String[]::new));
    }

    /** Latency of the operations that ended with one of the outcomes, µs. */
    public Histogram merged(String... wanted) {
        Histogram all = new Histogram(3);
        for (String outcome : wanted) {
            Histogram h = latencyByOutcome.get(outcome);
            if (h != null) {
                all.add(h);
            }
        }
        return all;
    }

    public double millis(double percentile) {
        return millis(latencyMicros(), percentile);
    }

    public static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** CPU milliseconds per operation done, for {@code cores} used during the step. */
    public double cpuMillisPerOperation(double cores) {
        return 1000 * cores / donePerSecond;
    }

    public Map<String, Long> outcomes() {
        Map<String, Long> counts = new TreeMap<>();
        latencyByOutcome.forEach((k, v) -> counts.put(k, v.getTotalCount()));
        return counts;
    }

    public long count(String outcome) {
        Histogram h = latencyByOutcome.get(outcome);
        return h == null ? 0 : h.getTotalCount();
    }

    public long total() {
        return latencyByOutcome.values().stream().mapToLong(Histogram::getTotalCount).sum();
    }

    /** Share of operations that ended with one of the outcomes. */
    public double share(String... wanted) {
        long total = total();
        long matching = 0;
        for (String outcome : wanted) {
            matching += count(outcome);
        }
        return total == 0 ? 0 : matching / (double) total;
    }
}
