package dev.eventline.devstack.services;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What the stack needs to run one service: its name, packaged jar, HTTP port and JVM flags. */
public record ServiceSpec(String name, Path jar, int port, List<String> jvmOptions, Duration stopGrace) {

    public ServiceSpec {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The module layout of this repository: {@code <root>/<name>/target/eventline-<name>.jar}. */
    public static ServiceSpec ofModule(Path repositoryRoot, String name, int port) {
        return new ServiceSpec(name, repositoryRoot.resolve(name).resolve("target").resolve("eventline-" + name + ".jar"),
                port, List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), Duration.ofSeconds(40));
    }
}
