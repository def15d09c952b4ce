package dev.eventline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.devstack.services.ServiceProcess;
import dev.eventline.devstack.services.ServiceSpec;

/**
 * The command and projection services as child JVMs from their packaged jars, on the shared
 * broker, registry and PostgreSQL, in a namespace and a database of their own, with their own
 * token keys: the write path and the read models, for tests of what reads them. The module
 * under test must be built after both (a test-scoped {@code pom} dependency on each does it).
 */
public final class WriteSide implements AutoCloseable {

    private final Infrastructure infrastructure = SharedInfrastructure.get();
    private final String namespace;
    private final String database;
    private final DevelopmentKeys keys;
    private final Path home;
    private final ServiceProcess command;
    private final ServiceProcess projection;
    private final ServiceProcess query;

    private WriteSide(String namespace, Map<String, String> extraEnvironment, Map<String, String> commandOnly,
                      Map<String, String> projectionOnly, boolean withQueries) throws IOException {
        this.namespace = namespace;
        database = namespace.replace('-', '_');
        home = Files.createTempDirectory(namespace);
        keys = DevelopmentKeys.open(home.resolve("keys"));
        infrastructure.createDatabase(database);
        // Tests run in their module's directory (domains/<name> too), exec:java in the repository's.
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("command-service")) && root.getParent() != null) {
            root = root.getParent();
        }
        Map<String, String> environment = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers(),
                "SCHEMA_REGISTRY_URL", infrastructure.schemaRegistryUrl(),
                "DATASOURCES_DEFAULT_URL", infrastructure.jdbcUrl(database),
                "DATASOURCES_DEFAULT_USERNAME", infrastructure.jdbcUser(),
                "DATASOURCES_DEFAULT_PASSWORD", infrastructure.jdbcPassword(),
                "EVENTLINE_HOME", home.toString(),
                "EVENTLINE_NAMESPACE", namespace,
                "EVENTLINE_PARTITIONS", "3",
                "EVENTLINE_TOKEN_KEYS", "file:" + keys.publicKeySet()));
        // Tests send thousands of commands as one client: lift the command rate limit.
        environment.put("EVENTLINE_ADMISSION_DEFAULT_CAPACITY", "1000000");
        environment.put("EVENTLINE_ADMISSION_DEFAULT_REFILL_TOKENS", "1000000");
        environment.putAll(extraEnvironment);
        command = new ServiceProcess(ServiceSpec.ofModule(root, "command-service", freePort()), home.resolve("command-service.log"));
        projection = new ServiceProcess(ServiceSpec.ofModule(root, "projection-service", freePort()), home.resolve("projection-service.log"));
        Map<String, String> commandEnvironment = new HashMap<>(environment);
        commandEnvironment.putAll(commandOnly);
        Map<String, String> projectionEnvironment = new HashMap<>(environment);
        projectionEnvironment.putAll(projectionOnly);
        int queryPort = freePort();
        query = withQueries ? new ServiceProcess(ServiceSpec.ofModule(root, "query-service", queryPort), home.resolve("query-service.log")) : null;
        if (withQueries) {
            commandEnvironment.put("EVENTLINE_EDGE_STATUS_BASE_URL", "http://localhost:" + queryPort);
        }
        command.start(commandEnvironment);
        projection.start(projectionEnvironment);
        if (query != null) {
            Map<String, String> queryEnvironment = new HashMap<>(environment);
            queryEnvironment.put("EVENTLINE_QUERY_LIMITS_CAPACITY", "1000000");
            queryEnvironment.put("EVENTLINE_QUERY_LIMITS_REFILL_TOKENS", "1000000");
            query.start(queryEnvironment);
        }
    }

    /** Starts both services; {@link #awaitHealthy()} waits for them. */
    public static WriteSide start(String prefix, Map<String, String> extraEnvironment) {
        return start(namespace(prefix), extraEnvironment, Map.of(), Map.of());
    }

    /** In a namespace the caller chose, with settings for both services and for each one alone (its Kafka credentials). */
    public static WriteSide start(String namespace, Map<String, String> extraEnvironment, Map<String, String> commandOnly,
                                  Map<String, String> projectionOnly) {
        try {
            return new WriteSide(namespace, extraEnvironment, commandOnly, projectionOnly, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both services and the query service, all three as child JVMs: the whole stack over HTTP. */
    public static WriteSide startWithQueries(String prefix, Map<String, String> extraEnvironment) {
        try {
            return new WriteSide(namespace(prefix), extraEnvironment, Map.of(), Map.of(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A namespace of its own for a test: the prefix and a random suffix. */
    public static String namespace(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public WriteSide awaitHealthy() {
        command.awaitHealthy(Duration.ofSeconds(90));
        projection.awaitHealthy(Duration.ofSeconds(90));
        if (query != null) {
            query.awaitHealthy(Duration.ofSeconds(90));
        }
        return this;
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public String namespace() {
        return namespace;
    }

    public String database() {
        return database;
    }

    public String jdbcUrl() {
        return infrastructure.jdbcUrl(database);
    }

    /** What a service printed: {@code command-service} or {@code projection-service}. */
    public Path log(String service) {
        return home.resolve(service + ".log");
    }

    public DevelopmentKeys keys() {
        return keys;
    }

    public URI commandService() {
        return URI.create("http://localhost:" + command.spec().port());
    }

    public URI projectionService() {
        return URI.create("http://localhost:" + projection.spec().port());
    }

    /** The query service, when started with {@link #startWithQueries}. */
    public URI queryService() {
        if (query == null) {
            throw new IllegalStateException("started without the query service");
        }
        return URI.create("http://localhost:" + query.spec().port());
    }

    public String token(String client, String... roles) {
        return keys.issue(client, List.of(roles), Duration.ofHours(1));
    }

    @Override
    public void close() {
        if (query != null) {
            query.close();
        }
        command.close();
        projection.close();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
