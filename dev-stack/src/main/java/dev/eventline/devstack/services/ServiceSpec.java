package dev.eventline.devstack.services;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the stack needs to run one service: its name, packaged jar, the domains it loads besides
 * (classpath entries), HTTP port and JVM flags.
 */
public record ServiceSpec(String name, Path jar, List<Path> domains, int port, List<String> jvmOptions, Duration stopGrace) {

    public ServiceSpec {
        domains = List.copyOf(domains);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * The module layout of this repository: {@code <root>/<name>/target/eventline-<name>.jar}, with
     * the domains {@code domains/loaded.txt} lists.
     */
    public static ServiceSpec ofModule(Path repositoryRoot, String name, int port) {
        return new ServiceSpec(name, repositoryRoot.resolve(name).resolve("target").resolve("eventline-" + name + ".jar"),
                LoadedDomains.classpath(repositoryRoot), port, List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                Duration.ofSeconds(40));
    }
}
