package dev.eventline.devstack.services;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the stack needs to run one service: its name, packaged jar, the domains it loads besides
 * (classpath entries), HTTP port and JVM flags, and whether its JVM shares an archive of the
 * classes it loads ({@link ClassDataArchive}).
 */
public record ServiceSpec(String name, Path jar, List<Path> domains, int port, List<String> jvmOptions, Duration stopGrace,
                          boolean classDataSharing) {

    /**
     * The container image's flags (Dockerfile {@code JAVA_OPTS}), with the memory the Helm chart
     * limits each pod to ({@code resources.limits.memory}) as the JVM's idea of the machine's
     * memory, so the heap and the collector are the ones a pod gets. What {@code up} and the
     * benchmark run: figures are for the settings production uses.
     */
    private static final List<String> PRODUCTION = List.of("-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError");
    private static final Map<String, String> POD_MEMORY = Map.of("command-service", "1g", "projection-service", "1g",
            "query-service", "768m");
    /**
     * The integration tests' flags: many short-lived services on 2 shared cores start fastest with
     * the C1 compiler alone and the serial collector; nothing is measured with them.
     */
    private static final List<String> TESTS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    public ServiceSpec {
        domains = List.copyOf(domains);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * For tests: the module layout of this repository ({@code <root>/<name>/target/eventline-<name>.jar},
     * with the domains {@code domains/loaded.txt} lists), started with the tests' JVM flags.
     */
    public static ServiceSpec ofModule(Path repositoryRoot, String name, int port) {
        return new ServiceSpec(name, jar(repositoryRoot, name), LoadedDomains.classpath(repositoryRoot, false), port, TESTS, Duration.ofSeconds(40),
                false);
    }

    /**
     * As {@link #ofModule}, with the production JVM settings (the image's flags, the pod's memory),
     * the domains' packaged jars, and class-data sharing: what {@code up} and the benchmark run.
     */
    public static ServiceSpec production(Path repositoryRoot, String name, int port) {
        List<String> flags = new ArrayList<>(PRODUCTION);
        flags.add("-XX:MaxRAM=" + POD_MEMORY.getOrDefault(name, "1g"));
        return new ServiceSpec(name, jar(repositoryRoot, name), LoadedDomains.classpath(repositoryRoot, true), port, flags, Duration.ofSeconds(40),
                true);
    }

    private static Path jar(Path repositoryRoot, String name) {
        return repositoryRoot.resolve(name).resolve("target").resolve("eventline-" + name + ".jar");
    }
}
