package dev.eventline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@EventlineIntegrationTest
class BrokerAndDatabaseRoundTripTest {

    @Test
    void shouldProduceAndConsumeThroughTheBroker(TestScope scope) throws Exception {
        String topic = scope.topic("roundtrip");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, scope.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, scope.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
            }
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, scope.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, scope.namespace() + "-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < 30 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }

        assertThat(received).hasSize(30);
        assertThat(received).extracting(ConsumerRecord::value).contains("value-0", "value-29");
        // Same key, same partition: the order of one key's records is kept.
        assertThat(received.stream().filter(r -> r.key().equals("key-7")).map(ConsumerRecord::value)).containsExactly("value-7");
    }

    @Test
    void shouldRoundTripARowThroughPostgres(TestScope scope) throws Exception {
        try (Connection c = DriverManager.getConnection(scope.jdbcUrl(), scope.jdbcUser(), scope.jdbcPassword())) {
            try (Statement ddl = c.createStatement()) {
                ddl.execute("CREATE TABLE probe (id bigint PRIMARY KEY, payload jsonb NOT NULL)");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO probe VALUES (?, ?::jsonb)")) {
                insert.setLong(1, 42L);
                insert.setString(2, "{\"balance\": 1200}");
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (Statement query = c.createStatement();
                 ResultSet rs = query.executeQuery("SELECT payload->>'balance', current_database(), version() FROM probe WHERE id = 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("1200");
                assertThat(rs.getString(2)).isEqualTo(scope.database());
                assertThat(rs.getString(3)).startsWith("PostgreSQL");
            }
        }
    }

    @Test
    void shouldGiveEachTestClassItsOwnDatabaseAndNamespace(TestScope scope, Infrastructure infrastructure) {
        assertThat(scope.infrastructure()).isSameAs(infrastructure);
        assertThat(scope.database()).startsWith("t_brokeranddatabaseroundtriptest_");
        assertThat(scope.topic("events")).startsWith("t-brokeranddatabaseroundtriptest-").endsWith(".events");
    }
}
