package dev.eventline.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.eventline.testkit.EventlineIntegrationTest;
import dev.eventline.testkit.TestScope;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The one factory of hand-made clients: in a service, every producer and consumer reports its metrics while it is open. */
@EventlineIntegrationTest
class KafkaClientsTest {

    @Test
    void meteredClientsReportTheirMetricsFromStartToClose(TestScope scope) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KafkaClients clients = KafkaClients.of(scope.kafkaBootstrapServers()).meteredBy(registry);
        String topic = scope.namespace() + ".metered";

        KafkaProducer<String, String> producer = clients.producer(Map.of("client.id", "metered-producer"), new StringSerializer(),
                new StringSerializer());
        producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        KafkaConsumer<String, String> consumer = clients.consumer(Map.of("client.id", "metered-consumer", "group.id", topic,
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        long consumed = 0;
        for (int i = 0; i < 50 && consumed == 0; i++) {
            consumed += consumer.poll(Duration.ofMillis(200)).count();
        }
        assertThat(consumed).isEqualTo(1);

        assertThat(meters(registry, "kafka.producer.")).as("the producer's metrics").isNotEmpty()
                .allMatch(m -> "metered-producer".equals(m.getId().getTag("client.id")));
        assertThat(meters(registry, "kafka.consumer.")).as("the consumer's metrics").isNotEmpty()
                .anyMatch(m -> m.getId().getName().equals("kafka.consumer.fetch.manager.records.consumed.total"));

        producer.close();
        consumer.close(Duration.ofSeconds(2));
        assertThat(meters(registry, "kafka.producer.")).as("a closed producer's metrics are gone").isEmpty();
        assertThat(meters(registry, "kafka.consumer.")).as("a closed consumer's metrics are gone").isEmpty();
    }

    private static List<Meter> meters(SimpleMeterRegistry registry, String prefix) {
        return registry.getMeters().stream().filter(m -> m.getId().getName().startsWith(prefix)).toList();
    }
}
