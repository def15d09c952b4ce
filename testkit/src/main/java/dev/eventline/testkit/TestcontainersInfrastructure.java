package dev.eventline.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** Kafka (KRaft) and PostgreSQL in containers, for machines with a Docker engine. */
final class TestcontainersInfrastructure implements Infrastructure {

    static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.1.1");
    static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:18");

    private final KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
    private final PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE).withDatabaseName("postgres");

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    TestcontainersInfrastructure start() {
        kafka.start();
        postgres.start();
        return this;
    }

    @Override
    public InfrastructureSource source() {
        return InfrastructureSource.TESTCONTAINERS;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String jdbcUrl(String database) {
        return JdbcUrls.withDatabase(postgres.getJdbcUrl(), database);
    }

    @Override
    public String jdbcUser() {
        return postgres.getUsername();
    }

    @Override
    public String jdbcPassword() {
        return postgres.getPassword();
    }

    @Override
    public void createDatabase(String database) {
        Databases.create(postgres.getJdbcUrl(), jdbcUser(), jdbcPassword(), database);
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }
}
