package dev.eventline.bench.load;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * Load before the first measured step until the JVMs have compiled what it reaches, as in a
 * deployment that has run for a while: at least a minimum time, then slice after slice until the
 * JIT compiler threads of every JVM of the run together used less than a threshold during one
 * slice, or a maximum time has passed. On 2 shared cores a fixed minute was not enough: the
 * compiler threads still took a quarter of the machine several minutes in.
 */
public final class WarmUp {

    /** What the warm-up took, and whether the JIT had quietened by its end. */
    public record Outcome(int rate, int seconds, double lastCompilerCores, boolean settled, double quietCores) {
    }

    static final Duration SLICE = Duration.ofSeconds(10);

    private WarmUp() {
    }

    public static Outcome run(OpenLoop open, int rate, Duration least, Duration most, double quietCores,
                              LongFunction<CompletableFuture<String>> operation) {
        long started = System.nanoTime();
        open.run("warm-up", rate, least, operation);
        double compiling = Double.NaN;
        boolean settled = false;
        // A slice starts while time is left, so the whole may pass the maximum by less than a slice.
        while (!settled && System.nanoTime() - started < most.toNanos()) {
            Map<String, Double> before = CpuProfile.compilerSnapshot();
            long sliceStart = System.nanoTime();
            open.run("warm-up", rate, SLICE, operation);
            Map<String, Double> cores = CpuProfile.cores(before, CpuProfile.compilerSnapshot(), (System.nanoTime() - sliceStart) / 1e9);
            compiling = cores.values().stream().mapToDouble(Double::doubleValue).sum();
            settled = compiling < quietCores;
        }
        return new Outcome(rate, (int) Math.round((System.nanoTime() - started) / 1e9), compiling, settled, quietCores);
    }
}
