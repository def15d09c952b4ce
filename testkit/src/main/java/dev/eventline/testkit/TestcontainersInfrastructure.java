package dev.eventline.testkit;

import dev.eventline.devstack.postgres.Databases;
import dev.eventline.devstack.postgres.JdbcUrls;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** Kafka (KRaft) and PostgreSQL in containers, for machines with a Docker engine. */
final class TestcontainersInfrastructure implements Infrastructure {

    static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.1.1");
    static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:18");
    static final DockerImageName REGISTRY_IMAGE = DockerImageName.parse("confluentinc/cp-schema-registry:8.1.0");

    private final Network network = Network.newNetwork();
    // A second listener lets the registry container reach the broker by its network alias.
    private final KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(network).withListener("kafka:19092")
            // As the platform's own brokers (KraftBroker, start-broker.sh): 3 s group sessions allowed.
            .withEnv("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS", "1000")
            .withEnv("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS", "1000");
    private final GenericContainer<?> registry = new GenericContainer<>(REGISTRY_IMAGE)
            .withNetwork(network)
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
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
        registry.dependsOn(kafka).start();
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
    public String schemaRegistryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
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
        registry.stop();
        kafka.stop();
        postgres.stop();
        network.close();
    }
}
