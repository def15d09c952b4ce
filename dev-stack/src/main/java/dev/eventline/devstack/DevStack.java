package dev.eventline.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.eventline.devstack.kafka.Broker;
import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.devstack.postgres.PostgresServer;
import dev.eventline.devstack.registry.CompatibilityLevel;
import dev.eventline.devstack.registry.KafkaSchemaLog;
import dev.eventline.devstack.registry.SchemaRegistryServer;
import dev.eventline.devstack.services.ServiceProcess;
import dev.eventline.devstack.services.ServiceSpec;
import dev.eventline.devstack.services.Supervision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform on one machine: broker and PostgreSQL in this JVM, each service as a child
 * JVM, restarted when it dies. Starts in dependency order and stops in the reverse one: services
 * first (restarted ones too), so they can finish in-flight work against a live broker and database.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

    private final Broker broker;
    private final PostgresServer postgres;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<ServiceSpec> serviceSpecs;
    private final DataDirectory data;
    private final int registryPort;
    private SchemaRegistryServer registry;
    private Map<String, String> extraEnvironment = Map.of();
    private Supervision.Backoff backoff = Supervision.Backoff.DEFAULT;
    private Supervision supervision;

    public DevStack(Broker broker, PostgresServer postgres, int registryPort, List<ServiceSpec> serviceSpecs, DataDirectory data) {
        this.broker = broker;
        this.postgres = postgres;
        this.registryPort = registryPort;
        this.serviceSpecs = List.copyOf(serviceSpecs);
        this.data = data;
    }

    /** Settings for the services beyond the stack's own (a benchmark lifts the default client limits); before {@link #start}. */
    public DevStack withServiceEnvironment(Map<String, String> extra) {
        this.extraEnvironment = Map.copyOf(extra);
        return this;
    }

    /** How soon a service that died is started again; before {@link #start}. */
    public DevStack withRestartBackoff(Supervision.Backoff backoff) {
        this.backoff = backoff;
        return this;
    }

    /**
     * Starts everything and waits for each service's health; from then on a service that exits
     * unexpectedly is restarted ({@link Supervision}).
     */
    public DevStack start(Duration healthTimeout) {
        // Broker and PostgreSQL do not depend on each other: start them side by side.
        CompletableFuture<?> kafka = CompletableFuture.runAsync(broker::start);
        CompletableFuture<?> pg = CompletableFuture.runAsync(postgres::start);
        CompletableFuture.allOf(kafka, pg).join();
        // The registry keeps its schemas on the broker, as Confluent's does.
        registry = new SchemaRegistryServer(registryPort, new KafkaSchemaLog(broker.bootstrapServers(), KafkaSchemaLog.DEFAULT_TOPIC),
                CompatibilityLevel.BACKWARD).start();
        // The services verify tokens with $EVENTLINE_HOME/keys/jwks.json; `./eventline token` signs them.
        DevelopmentKeys.open(data.keys());
        Map<String, String> env = serviceEnvironment();
        writeConnections(env);
        for (ServiceSpec spec : serviceSpecs) {
            ServiceProcess process = new ServiceProcess(spec, data.logs().resolve(spec.name() + ".log"));
            services.add(process);
            process.start(env);
        }
        for (ServiceProcess service : services) {
            service.awaitHealthy(healthTimeout);
        }
        supervision = new Supervision(env, healthTimeout, backoff);
        services.forEach(supervision::watch);
        return this;
    }

    /** The settings every service reads, named as Micronaut maps environment variables. */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "DATASOURCES_DEFAULT_URL", postgres.jdbcUrl(),
                "DATASOURCES_DEFAULT_USERNAME", PostgresServer.USER,
                "DATASOURCES_DEFAULT_PASSWORD", postgres.password(),
                "SCHEMA_REGISTRY_URL", registry.url(),
                DataDirectory.ENV, data.root().toString(),
                // The embedded broker allows group sessions this short (KraftBroker): failover under 5 s.
                "EVENTLINE_GROUP_SESSION_TIMEOUT_MS", "3000"));
        // No gateway here: a 202's Location names the query service's own address.
        serviceSpecs.stream().filter(spec -> spec.name().equals("query-service")).findFirst()
                .ifPresent(query -> environment.put("EVENTLINE_EDGE_STATUS_BASE_URL", "http://localhost:" + query.port()));
        environment.putAll(extraEnvironment);
        return Map.copyOf(environment);
    }

    /** Tells the tools (`./eventline replay`) where this stack is: the services' settings, the password as its file. */
    private void writeConnections(Map<String, String> env) {
        StringBuilder lines = new StringBuilder("# Written by `eventline up` while it runs; read by `eventline replay`.\n");
        for (String name : List.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_USERNAME",
                "EVENTLINE_NAMESPACE")) {
            if (env.containsKey(name)) {
                lines.append(name).append('=').append(env.get(name)).append('\n');
            }
        }
        lines.append("DATASOURCES_DEFAULT_PASSWORD_FILE=").append(PostgresServer.passwordFile(postgres.config().dataDir())).append('\n');
        PrivateFiles.write(data.connections(), lines.toString());
    }

    /** The broker, to stop, start or kill it. */
    public Broker broker() {
        return broker;
    }

    /** The database server, to stop, start or kill it. */
    public PostgresServer postgres() {
        return postgres;
    }

    /** A running service by name (its process changes when it is restarted). */
    public ServiceProcess service(String name) {
        return services.stream().filter(s -> s.spec().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    public String describe() {
        StringBuilder out = new StringBuilder("\nEventline is up (data in ").append(data.root()).append(")\n");
        out.append(String.format("  %-20s %s%n", "kafka", broker.bootstrapServers()));
        out.append(String.format("  %-20s %s (user %s, password in %s)%n", "postgresql", postgres.jdbcUrl(), PostgresServer.USER,
                PostgresServer.passwordFile(postgres.config().dataDir())));
        out.append(String.format("  %-20s %s%n", "schema registry", registry.url()));
        for (ServiceProcess s : services) {
            out.append(String.format("  %-20s http://localhost:%d  (health %s)%n", s.spec().name(), s.spec().port(), s.healthUri()));
        }
        out.append("  logs                 ").append(data.logs()).append('\n');
        out.append("Stop with Ctrl-C or SIGTERM.\n");
        return out.toString();
    }

    @Override
    public void close() {
        if (supervision != null) {
            supervision.close();
        }
        try {
            java.nio.file.Files.deleteIfExists(data.connections());
        } catch (java.io.IOException e) {
            LOG.warn("cannot remove {}", data.connections(), e);
        }
        services.parallelStream().forEach(ServiceProcess::close);
        if (registry != null) {
            closeQuietly("schema registry", registry);
        }
        closeQuietly("broker", broker);
        closeQuietly("postgresql", postgres);
        LOG.info("Eventline stopped");
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("stopping {} failed", what, e);
        }
    }
}
