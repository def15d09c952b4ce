package dev.eventline.replay.source;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.KafkaClients;
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

    // No --db-password: a secret on the command line is visible to every user through ps.
    @Option(names = "--db-password-file", defaultValue = "${env:DATASOURCES_DEFAULT_PASSWORD_FILE:-}",
            description = "a file holding the database password (DATASOURCES_DEFAULT_PASSWORD_FILE); "
                    + "without it, the DATASOURCES_DEFAULT_PASSWORD environment variable")
    String dbPasswordFile;

    @Option(names = "--kafka-config", defaultValue = "${env:KAFKA_CLIENT_CONFIG:-}",
            description = "a Kafka client properties file with the connection's security settings "
                    + "(security.protocol, sasl.*, ssl.*; KAFKA_CLIENT_CONFIG), for a broker that requires authentication")
    String kafkaConfig;

    @Option(names = "--namespace", defaultValue = "${env:EVENTLINE_NAMESPACE:-eventline}",
            description = "topic namespace (EVENTLINE_NAMESPACE; default: ${DEFAULT-VALUE})")
    String namespace;

    private RestSchemaRegistryClient registry;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Kafka clients with the bootstrap servers and the security settings of {@code --kafka-config}. */
    public KafkaClients kafka() {
        Properties settings = new Properties();
        if (!kafkaConfig.isBlank()) {
            try (Reader reader = Files.newBufferedReader(Path.of(kafkaConfig))) {
                settings.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Kafka client settings " + kafkaConfig, e);
            }
        }
        settings.put("bootstrap.servers", bootstrapServers);
        return KafkaClients.from(settings);
    }

    private String dbPassword() {
        if (!dbPasswordFile.isBlank()) {
            try {
                return Files.readString(Path.of(dbPasswordFile)).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the database password file " + dbPasswordFile, e);
            }
        }
        return System.getenv().getOrDefault("DATASOURCES_DEFAULT_PASSWORD", "");
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

    /** Batched inserts go as multi-row statements, see {@link #database()}. */
    public javax.sql.DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(dbUser);
        dataSource.setPassword(dbPassword());
        dataSource.setReWriteBatchedInserts(true);
        return dataSource;
    }

    /**
     * A connection of its own. Batched inserts go as multi-row statements
     * ({@code reWriteBatchedInserts}): a rebuild writes a row per event, and PostgreSQL takes a
     * few statements of many rows far faster than many of one.
     */
    public Connection database() throws SQLException {
        return dataSource().getConnection();
    }
}
