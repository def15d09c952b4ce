package dev.eventline.bench.report;

import java.util.Map;

import dev.eventline.bench.load.Measurement;
import org.HdrHistogram.Histogram;

/**
 * One synchronous command step: the load, command-to-read-model latency, cores each component
 * used (and of those, its JIT compiler threads), and the per-hop times from the answers'
 * {@code Server-Timing} (microseconds).
 */
public record CommandStep(int rate, Measurement load, Histogram readModel, Map<String, Double> cores, Map<String, Double> compilerCores,
                          Map<String, Histogram> hops) {

    public CommandStep {
        cores = Map.copyOf(cores);
        compilerCores = Map.copyOf(compilerCores);
        hops = new java.util.LinkedHashMap<>(hops);
    }
}
