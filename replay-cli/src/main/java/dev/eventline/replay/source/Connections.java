package dev.eventline.replay.source;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.KafkaClients;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the log, the registry and the read models are. Each setting comes from its option, else
 * from the environment variable the services read (a pod's, a CI job's), else from
 * {@code $EVENTLINE_HOME/connections.env} (default {@code ./.eventline}), which {@code ./eventline up}
 * writes while it runs with the ports it chose. When none of the three gives it, the tool refuses
 * and says so: it never guesses a default port, which would talk to whatever listens there.
 */
public final class Connections {

    /** What {@code ./eventline up} writes into its data directory: the services' own variable names and values. */
    public static final String FILE = "connections.env";
    static final String HOME = "EVENTLINE_HOME";
    static final String DEFAULT_HOME = ".eventline";

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (else KAFKA_BOOTSTRAP_SERVERS, else $EVENTLINE_HOME/" + FILE + ")")
    String bootstrapServers;

    @Option(names = "--registry", description = "schema registry URL (else SCHEMA_REGISTRY_URL, else $EVENTLINE_HOME/" + FILE + ")")
    String registryUrl;

    @Option(names = "--jdbc-url", description = "read models and archive (else DATASOURCES_DEFAULT_URL, else $EVENTLINE_HOME/" + FILE + ")")
    String jdbcUrl;

    @Option(names = "--db-user", description = "database user (else DATASOURCES_DEFAULT_USERNAME, else $EVENTLINE_HOME/" + FILE + ")")
    String dbUser;

    // No --db-password: a secret on the command line is visible to every user through ps.
    @Option(names = "--db-password-file", description = "a file holding the database password (else DATASOURCES_DEFAULT_PASSWORD_FILE, "
            + "else $EVENTLINE_HOME/" + FILE + "); without any, the DATASOURCES_DEFAULT_PASSWORD environment variable")
    String dbPasswordFile;

    @Option(names = "--kafka-config", defaultValue = "${env:KAFKA_CLIENT_CONFIG:-}",
            description = "a Kafka client properties file with the connection's security settings "
                    + "(security.protocol, sasl.*, ssl.*; KAFKA_CLIENT_CONFIG), for a broker that requires authentication")
    String kafkaConfig;

    @Option(names = "--namespace", description = "topic namespace (else EVENTLINE_NAMESPACE, else $EVENTLINE_HOME/" + FILE
            + ", else the services' default, eventline)")
    String namespace;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Map<String, String> environment = System.getenv();
    private Map<String, String> written;
    private RestSchemaRegistryClient registry;

    /** For tests: the environment the settings are looked up in instead of the process's. */
    Connections withEnvironment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    public String bootstrapServers() {
        return setting(bootstrapServers, "KAFKA_BOOTSTRAP_SERVERS", "--bootstrap-servers");
    }

    String registryUrl() {
        return setting(registryUrl, "SCHEMA_REGISTRY_URL", "--registry");
    }

    String jdbcUrl() {
        return setting(jdbcUrl, "DATASOURCES_DEFAULT_URL", "--jdbc-url");
    }

    String dbUser() {
        return setting(dbUser, "DATASOURCES_DEFAULT_USERNAME", "--db-user");
    }

    String namespace() {
        String found = lookUp(namespace, "EVENTLINE_NAMESPACE");
        return found == null ? "eventline" : found;
    }

    /** The option, else the environment variable, else what {@code up} wrote; refused when none has it. */
    private String setting(String option, String variable, String flag) {
        String found = lookUp(option, variable);
        if (found == null) {
            throw new ParameterException(spec.commandLine(), "Where is the platform? No " + flag + ", no " + variable + " in the environment, and "
                    + (written().isEmpty() ? "no " + homeFile() + " (./eventline up writes it while it runs; is it up, with this EVENTLINE_HOME?)"
                    : homeFile() + " does not name it") + ". Give " + flag + " or set " + variable + ".");
        }
        return found;
    }

    private String lookUp(String option, String variable) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        String fromHome = written().get(variable);
        return fromHome == null || fromHome.isBlank() ? null : fromHome;
    }

    Path homeFile() {
        String home = environment.get(HOME);
        return Path.of(home == null || home.isBlank() ? DEFAULT_HOME : home).resolve(FILE).toAbsolutePath().normalize();
    }

    /** {@code NAME=value} lines of the home file, or nothing when there is none. */
    private synchronized Map<String, String> written() {
        if (written == null) {
            Map<String, String> values = new HashMap<>();
            Path file = homeFile();
            if (Files.isRegularFile(file)) {
                try {
                    for (String line : Files.readAllLines(file)) {
                        int equals = line.indexOf('=');
                        if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                            values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
            written = Map.copyOf(values);
        }
        return written;
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
        settings.put("bootstrap.servers", bootstrapServers());
        return KafkaClients.from(settings);
    }

    private String dbPassword() {
        String file = lookUp(dbPasswordFile, "DATASOURCES_DEFAULT_PASSWORD_FILE");
        if (file != null) {
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the database password file " + file, e);
            }
        }
        return environment.getOrDefault("DATASOURCES_DEFAULT_PASSWORD", "");
    }

    public synchronized RestSchemaRegistryClient registry() {
        if (registry == null) {
            registry = new RestSchemaRegistryClient(RegistryClientConfig.of(registryUrl()));
        }
        return registry;
    }

    public EventlineTopics topics() {
        return new EventlineTopics(namespace(), registry(), false);
    }

    /** Batched inserts go as multi-row statements, see {@link #database()}. */
    public javax.sql.DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser(dbUser());
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
