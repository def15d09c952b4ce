package dev.eventline.command.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eventline.command.CommandApiClient;
import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.testkit.Infrastructure;

/**
 * Command-service instances as separate JVMs (the test's class path), on one broker and one
 * topic namespace: what a real deployment's pods are, so they can be killed or terminated.
 * An instance restarted under its name keeps its port and its state directory, as a pod of a
 * StatefulSet keeps its volume.
 */
final class CommandServiceProcesses implements AutoCloseable {

    private final Infrastructure infrastructure;
    private final String namespace;
    private final DevelopmentKeys keys;
    private final Map<String, Path> stateDirs = new HashMap<>();
    private final List<Process> processes = new ArrayList<>();

    CommandServiceProcesses(Infrastructure infrastructure, String namespace, DevelopmentKeys keys) {
        this.infrastructure = infrastructure;
        this.namespace = namespace;
        this.keys = keys;
    }

    /** Starts an instance; {@code properties} ({@code key=value}) are its settings beyond the shared ones. */
    Process start(String name, int port, String... properties) throws IOException {
        Path state = stateDirs.computeIfAbsent(name, n -> {
            try {
                return Files.createTempDirectory("command-" + n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dmicronaut.server.port=" + port,
                "-Dkafka.bootstrap.servers=" + infrastructure.kafkaBootstrapServers(),
                "-Dschema.registry.url=" + infrastructure.schemaRegistryUrl(),
                "-Deventline.namespace=" + namespace,
                "-Deventline.partitions=6",
                "-Deventline.state-dir=" + state.resolve("streams"),
                "-Deventline.admission.default-capacity=100000",
                "-Deventline.admission.default-refill-tokens=100000",
                "-Dmicronaut.security.token.jwt.signatures.jwks-static.eventline.path=file:" + keys.publicKeySet()));
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.eventline.command.Application"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("service.log").toFile())).start();
        processes.add(process);
        return process;
    }

    static void awaitReady(CommandApiClient api, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (api.path("/health/readiness").method("GET").send().status() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("instance not ready");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        processes.forEach(p -> p.toHandle().destroyForcibly());
    }
}
