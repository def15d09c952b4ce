package dev.eventline.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.eventline.devstack.Ports;
import dev.eventline.devstack.kafka.KraftBroker;
import dev.eventline.devstack.kafka.KraftBroker.KraftBrokerConfig;
import dev.eventline.devstack.postgres.PostgresServer;
import dev.eventline.devstack.postgres.PostgresServer.PostgresConfig;
import dev.eventline.devstack.registry.CompatibilityLevel;
import dev.eventline.devstack.registry.KafkaSchemaLog;
import dev.eventline.devstack.registry.SchemaRegistryServer;

/**
 * The dev-stack's own broker and PostgreSQL, on free ports and fresh data directories, so tests
 * never collide with a running {@code ./eventline up} nor with state from an earlier run.
 */
final class EmbeddedInfrastructure implements Infrastructure {

    private final KraftBroker broker;
    private final PostgresServer postgres;
    private SchemaRegistryServer registry;

    EmbeddedInfrastructure(Path workDir) {
        Path run = workDir.resolve("run-" + UUID.randomUUID());
        this.broker = new KraftBroker(new KraftBrokerConfig(Ports.free(), Ports.free(), run.resolve("kafka"), Map.of()));
        // The unpacked binaries are shared by every test JVM of the build; only the data is fresh.
        Path pgRuntime = Path.of(System.getProperty("java.io.tmpdir"), "eventline-postgres-runtime");
        this.postgres = new PostgresServer(new PostgresConfig(Ports.free(), run.resolve("postgres"), pgRuntime, "postgres",
                false)); // tests never crash this server: commits need not wait for the disk
    }

    EmbeddedInfrastructure start() {
        CompletableFuture.allOf(CompletableFuture.runAsync(broker::start), CompletableFuture.runAsync(postgres::start)).join();
        registry = new SchemaRegistryServer(Ports.free(), new KafkaSchemaLog(broker.bootstrapServers(), KafkaSchemaLog.DEFAULT_TOPIC),
                CompatibilityLevel.BACKWARD).start();
        return this;
    }

    @Override
    public InfrastructureSource source() {
        return InfrastructureSource.EMBEDDED;
    }

    @Override
    public String kafkaBootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return registry.url();
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    @Override
    public String jdbcUser() {
        return PostgresServer.USER;
    }

    @Override
    public String jdbcPassword() {
        return postgres.password();
    }

    @Override
    public void createDatabase(String database) {
        postgres.createDatabase(database);
    }

    @Override
    public synchronized void close() {
        // Idempotent: a harness may close it before the JVM's shutdown hook does.
        if (registry != null) {
            registry.close();
            registry = null;
        }
        broker.close();
        postgres.close();
    }
}
