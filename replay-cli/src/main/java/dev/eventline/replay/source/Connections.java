package dev.eventline.replay.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import picocli.CommandLine.Option;

/**
 * Where the log, the registry and the read models are: the same environment variables the
 * services read (set by {@code ./eventline up}), or options.
 */
public final class Connections {

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--registry", defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://localhost:8081}",
            description = "schema registry URL (SCHEMA_REGISTRY_URL; default: ${DEFAULT-VALUE})")
    String registryUrl;

    @Option(names = "--jdbc-url", defaultValue = "${env:DATASOURCES_DEFAULT_URL:-jdbc:postgresql://localhost:55432/eventline}",
            description = "read models and archive (DATASOURCES_DEFAULT_URL; default: ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "${env:DATASOURCES_DEFAULT_USERNAME:-postgres}",
            description = "database user (DATASOURCES_DEFAULT_USERNAME; default: ${DEFAULT-VALUE})")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:DATASOURCES_DEFAULT_PASSWORD:-}",
            description = "database password (DATASOURCES_DEFAULT_PASSWORD)")
    String dbPassword;

    @Option(names = "--namespace", defaultValue = "${env:EVENTLINE_NAMESPACE:-eventline}",
            description = "topic namespace (EVENTLINE_NAMESPACE; default: ${DEFAULT-VALUE})")
    String namespace;

    private RestSchemaRegistryClient registry;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public synchronized RestSchemaRegistryClient registry() {
        if (registry == null) {
            registry = new RestSchemaRegistryClient(RegistryClientConfig.of(registryUrl));
        }
        return registry;
    }

    public EventlineTopics topics() {
        return new EventlineTopics(namespace, registry(), false);
    }

    public javax.sql.DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(dbUser);
        dataSource.setPassword(dbPassword == null ? "" : dbPassword);
        return dataSource;
    }

    public Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, dbUser, dbPassword == null ? "" : dbPassword);
    }
}
