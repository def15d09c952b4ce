package dev.eventline.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

import dev.eventline.bench.load.OpenLoop;
import dev.eventline.bench.load.WarmUp;
import picocli.CommandLine.Option;

/** The warm-up both benchmarks run before they measure, and its options (a picocli mixin). */
final class WarmUpOptions {

    @Option(names = "--warm-up", defaultValue = "60", description = "least seconds of load before the first measured step, so the "
            + "services' JIT has compiled the command path as in a long-running deployment (default: ${DEFAULT-VALUE})")
    int leastSeconds;

    @Option(names = "--warm-up-max", defaultValue = "300", description = "after the least warm-up, go on in 10 s slices until the JIT compiler "
            + "threads of every JVM of the run together used under --jit-quiet cores in one slice, for at most this many seconds in all "
            + "(default: ${DEFAULT-VALUE})")
    int mostSeconds;

    @Option(names = "--jit-quiet", defaultValue = "0.1", description = "cores of JIT compiler threads under which the warm-up ends (default: ${DEFAULT-VALUE})")
    double jitQuietCores;

    WarmUp.Outcome run(OpenLoop open, int rate, LongFunction<CompletableFuture<String>> operation) {
        return WarmUp.run(open, rate, Duration.ofSeconds(Math.max(5, leastSeconds)), Duration.ofSeconds(Math.max(leastSeconds, mostSeconds)),
                jitQuietCores, operation);
    }
}
