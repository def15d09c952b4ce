package dev.eventline.bench.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import one.convert.Arguments;
import one.convert.FlameGraph;
import one.profiler.AsyncProfilerLoader;

/**
 * async-profiler attached to each running service for one stretch of load: CPU samples of every
 * thread (Java, native and kernel frames, JIT compiler threads too), kept as an HTML flame graph
 * per service and summed up in {@link CollapsedStacks} for the report. Attaches through
 * {@code ap-loader}, which ships the profiler's native library and launcher for this platform.
 */
public final class FlameGraphs {

    /** A service's profile: where its flame graph is, and its samples summed up. */
    public record ServiceProfile(String service, Path flameGraph, CollapsedStacks stacks) {
    }

    /** Sampling interval: 2 ms gives a few thousand samples per service in 30 s at a fraction of a core. */
    private static final String INTERVAL = "2ms";

    private final Path directory;
    private final Map<String, Long> services;
    private final Path work;

    private FlameGraphs(Path directory, Map<String, Long> services, Path work) {
        this.directory = directory;
        this.services = services;
        this.work = work;
    }

    /** Starts sampling each service; empty (with the reason) where async-profiler cannot run here. */
    public static Optional<FlameGraphs> start(Path directory, Map<String, Long> services, PrintStream log) throws IOException {
        if (!AsyncProfilerLoader.isSupported()) {
            log.println("[bench] no flame graphs: async-profiler does not support this platform");
            return Optional.empty();
        }
        Files.createDirectories(directory);
        FlameGraphs profiles = new FlameGraphs(directory, new LinkedHashMap<>(services), Files.createTempDirectory("eventline-profiles"));
        for (Map.Entry<String, Long> service : services.entrySet()) {
            String answer = run("start", "-e", "cpu", "-i", INTERVAL, "-t", String.valueOf(service.getValue()));
            if (!answer.contains("started")) {
                log.println("[bench] no flame graphs: async-profiler did not start in " + service.getKey() + ": " + answer);
                profiles.stopQuietly();
                return Optional.empty();
            }
        }
        return Optional.of(profiles);
    }

    /** Stops sampling; writes {@code <service>.html} into the directory and returns each profile. */
    public List<ServiceProfile> stop() throws IOException {
        List<ServiceProfile> profiles = new ArrayList<>();
        for (Map.Entry<String, Long> service : services.entrySet()) {
            Path collapsed = work.resolve(service.getKey() + ".collapsed");
            // The agent in the service writes the file: a path both processes see.
            run("stop", "-o", "collapsed", "-f", collapsed.toString(), String.valueOf(service.getValue()));
            Path html = directory.resolve(service.getKey() + ".html");
            FlameGraph graph = new FlameGraph(new Arguments("--title", service.getKey() + ": CPU"));
            try (Reader reader = Files.newBufferedReader(collapsed, StandardCharsets.UTF_8)) {
                graph.parseCollapsed(reader);
            }
            try (PrintStream out = new PrintStream(Files.newOutputStream(html), false, StandardCharsets.UTF_8)) {
                graph.dump(out);
            }
            try (Reader reader = Files.newBufferedReader(collapsed, StandardCharsets.UTF_8)) {
                profiles.add(new ServiceProfile(service.getKey(), html, CollapsedStacks.read(reader, "dev.eventline")));
            }
            Files.delete(collapsed);
        }
        Files.deleteIfExists(work);
        return profiles;
    }

    private void stopQuietly() {
        services.values().forEach(pid -> {
            try {
                run("stop", String.valueOf(pid));
            } catch (IOException e) {
                // not running there
            }
        });
    }

    private static String run(String... args) throws IOException {
        AsyncProfilerLoader.ExecutionResult result = AsyncProfilerLoader.executeProfiler(args);
        return (result.getStdout() + " " + result.getStderr()).trim();
    }
}
