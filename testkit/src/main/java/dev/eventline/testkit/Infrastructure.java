package dev.eventline.testkit;

/**
 * The real services a test talks to, wherever they came from. Shared by every test class in a
 * JVM; classes isolate themselves through {@link TestScope}, not by restarting anything.
 */
public interface Infrastructure extends AutoCloseable {

    InfrastructureSource source();

    String kafkaBootstrapServers();

    /** A Confluent-compatible schema registry: Confluent's own in containers, else the dev registry. */
    String schemaRegistryUrl();

    /** JDBC URL of the database with the given name on the shared PostgreSQL server. */
    String jdbcUrl(String database);

    String jdbcUser();

    String jdbcPassword();

    /** Creates the database when missing; test classes each get their own. */
    void createDatabase(String database);

    @Override
    void close();
}
