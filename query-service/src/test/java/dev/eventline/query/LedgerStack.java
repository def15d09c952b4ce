package dev.eventline.query;

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
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * The whole write and read path for a test: the command and projection services as child JVMs
 * from their packaged jars, and the query service in this JVM, on the shared broker, registry
 * and PostgreSQL, in a namespace and a database of their own.
 */
final class LedgerStack implements AutoCloseable {

    final Infrastructure infrastructure = SharedInfrastructure.get();
    final String namespace = "query-" + UUID.randomUUID().toString().substring(0, 8);
    final String database = "query_" + UUID.randomUUID().toString().substring(0, 8);
    final DevelopmentKeys keys;
    private final ServiceProcess command;
    private final ServiceProcess projection;
    private final EmbeddedServer query;
    final Http commands;
    final Http queries;

    private LedgerStack(Map<String, Object> queryProperties) throws IOException {
        Path home = Files.createTempDirectory("query-stack");
        keys = DevelopmentKeys.open(home.resolve("keys"));
        infrastructure.createDatabase(database);
        Path root = Path.of("").toAbsolutePath().getParent();
        int queryPort = freePort();
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
        environment.put("EVENTLINE_EDGE_STATUS_BASE_URL", "http://localhost:" + queryPort);
        // Tests open thousands of accounts as one client: lift the command rate limit.
        environment.put("EVENTLINE_ADMISSION_DEFAULT_CAPACITY", "1000000");
        environment.put("EVENTLINE_ADMISSION_DEFAULT_REFILL_TOKENS", "1000000");
        command = new ServiceProcess(ServiceSpec.ofModule(root, "command-service", freePort()), home.resolve("command-service.log"));
        projection = new ServiceProcess(ServiceSpec.ofModule(root, "projection-service", freePort()), home.resolve("projection-service.log"));
        command.start(environment);
        projection.start(environment);
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", queryPort,
                "datasources.default.url", infrastructure.jdbcUrl(database),
                "datasources.default.username", infrastructure.jdbcUser(),
                "datasources.default.password", infrastructure.jdbcPassword(),
                "eventline.token-keys", "file:" + keys.publicKeySet(),
                "eventline.namespace", namespace,
                "eventline.query.limits.capacity", 1_000_000,
                "eventline.query.limits.refill-tokens", 1_000_000));
        properties.putAll(queryProperties);
        query = ApplicationContext.run(EmbeddedServer.class, properties);
        command.awaitHealthy(Duration.ofSeconds(90));
        projection.awaitHealthy(Duration.ofSeconds(90));
        commands = new Http(URI.create("http://localhost:" + command.spec().port()));
        queries = new Http(query.getURI());
    }

    static LedgerStack start() {
        return start(Map.of());
    }

    static LedgerStack start(Map<String, Object> queryProperties) {
        try {
            return new LedgerStack(queryProperties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String token(String client, String... roles) {
        return keys.issue(client, List.of(roles), Duration.ofHours(1));
    }

    ApplicationContext queryContext() {
        return query.getApplicationContext();
    }

    @Override
    public void close() {
        query.getApplicationContext().close();
        command.close();
        projection.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
