package dev.eventline.command.edge;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.KafkaClients;
import dev.eventline.schemas.topics.RecordHeaders;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Appends commands to {@code <ns>.requests}, keyed by client so each client's commands are admitted
 * in order by one task. Idempotent and acks=all: an acknowledged command is on every in-sync
 * replica. Every wait is bounded by {@code eventline.edge.send-timeout}, so an unreachable broker
 * gives a prompt failure, not a hang.
 */
@Singleton
public class RequestSender implements AutoCloseable {

    private final KafkaProducer<String, SpecificRecord> producer;
    private final String topic;

    public RequestSender(EventlineTopics topics, EdgeSettings settings, KafkaClients kafka) {
        int timeout = (int) settings.getSendTimeout().toMillis();
        this.topic = topics.requests().name();
        this.producer = kafka.producer(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "command-edge",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // Latency first: a request waits for its own send.
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeout - 1000),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout),
                new StringSerializer(), topics.requests().valueSerde().serializer());
    }

    /**
     * Completes when the broker has the command; fails when it cannot take it in time. The
     * correlation id also goes in a header, which the stages carry on to the events and outcome.
     */
    public CompletableFuture<RecordMetadata> send(String clientId, String correlationId, SpecificRecord envelope) {
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        try {
            ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(topic, clientId, envelope);
            RecordHeaders.correlationId(record.headers(), correlationId);
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    sent.completeExceptionally(error);
                } else {
                    sent.complete(metadata);
                }
            });
        } catch (RuntimeException e) { // metadata not fetched within max.block.ms, registry unreachable ...
            sent.completeExceptionally(e);
        }
        return sent;
    }

    @PreDestroy
    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
