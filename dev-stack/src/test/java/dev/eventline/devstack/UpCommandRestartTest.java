package dev.eventline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.eventline.devstack.postgres.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventline up} as an operator runs it: a separate process, stopped with SIGTERM, started
 * again on the same data directory.
 */
class UpCommandRestartTest {

    private final int kafkaPort = Ports.free();
    private final int controllerPort = Ports.free();
    private final int postgresPort = Ports.free();
    private final int registryPort = Ports.free();
    private final List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Path home;

    @Test
    void shouldKeepRecordsAndRowsAcrossASigtermRestart(@TempDir Path home) throws Exception {
        this.home = home;
        Process first = startStack(home);
        try {
            assertThat(Files.readAllLines(home.resolve(DataDirectory.CONNECTIONS))).as("where the tools find the running stack").contains(
                    "KAFKA_BOOTSTRAP_SERVERS=localhost:" + kafkaPort,
                    "SCHEMA_REGISTRY_URL=http://localhost:" + registryPort,
                    "DATASOURCES_DEFAULT_URL=jdbc:postgresql://localhost:" + postgresPort + "/eventline",
                    "DATASOURCES_DEFAULT_USERNAME=postgres",
                    "DATASOURCES_DEFAULT_PASSWORD_FILE=" + PostgresServer.passwordFile(home.resolve("postgres")));
            assertThat(Files.getPosixFilePermissions(home.resolve(DataDirectory.CONNECTIONS)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            produce("survives-restart");
            sql("CREATE TABLE survivor (id int PRIMARY KEY, note text); INSERT INTO survivor VALUES (1, 'kept')");
        } finally {
            stop(first);
        }
        // 143 = 128 + SIGTERM, the JVM's status after its shutdown hooks ran to the end.
        assertThat(first.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
        assertThat(output).as("clean stop, services before broker and database")
                .anySatisfy(line -> assertThat(line).endsWith("Eventline stopped"));
        assertThat(home.resolve(DataDirectory.CONNECTIONS)).as("a stopped stack is nowhere").doesNotExist();

        output.clear();
        Process second = startStack(home);
        try {
            assertThat(consumeAll()).contains("survives-restart");
            assertThat(sqlString("SELECT note FROM survivor WHERE id = 1")).isEqualTo("kept");
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/eventline", "postgres", ""))
                    .as("no connection without the generated password").isInstanceOf(java.sql.SQLException.class);
            assertThat(Files.getPosixFilePermissions(PostgresServer.passwordFile(home.resolve("postgres"))))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        } finally {
            stop(second);
        }
    }

    private Process startStack(Path home) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                DevStackMain.class.getName(), "up", "--no-services",
                "--kafka-port=" + kafkaPort, "--kafka-controller-port=" + controllerPort, "--postgres-port=" + postgresPort,
                "--registry-port=" + registryPort));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(DataDirectory.ENV, home.toString());
        Process process = builder.start();
        awaitLine(process, "Started in", Duration.ofSeconds(60));
        return process;
    }

    /** Reads the child's output until the line appears; keeps draining afterwards so it never blocks. */
    private void awaitLine(Process process, String marker, Duration timeout) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Void> seen = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                    if (line.contains(marker)) {
                        seen.complete(null);
                    }
                }
                seen.completeExceptionally(new IllegalStateException("stack exited before printing '" + marker + "'"));
            } catch (IOException e) {
                seen.completeExceptionally(e);
            }
        }, "stack-output");
        reader.setDaemon(true);
        reader.start();
        seen.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    private static void stop(Process process) throws InterruptedException {
        // ProcessHandle.destroy only signals; Process.destroy would also close the output pipe.
        process.toHandle().destroy(); // SIGTERM
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("stack did not stop within 60 s of SIGTERM");
        }
        // Let the reader thread take the last lines.
        Thread.sleep(200);
    }

    private void produce(String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", "localhost:" + kafkaPort, "acks", "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("restart-probe", "key", value)).get();
        }
    }

    private List<String> consumeAll() {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", "localhost:" + kafkaPort, "group.id", "restart-reader",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of("restart-probe"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(((ConsumerRecord<String, String>) r).value()));
            }
        }
        return values;
    }

    private void sql(String statements) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    private String sqlString(String query) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/eventline", "postgres",
                Files.readString(PostgresServer.passwordFile(home.resolve("postgres"))).strip());
    }
}
