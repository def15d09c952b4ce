package dev.eventline.projection.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.eventline.schemas.envelope.DeadLetter;
import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.topics.KafkaClients;
import dev.eventline.schemas.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends a record a projection gave up on to {@code <ns>.dead-letters}, and waits until the broker has it. */
public final class DeadLetterSink implements AutoCloseable {

    private final KafkaProducer<String, DeadLetter> producer;
    private final String topic;

    public DeadLetterSink(KafkaClients kafka, Topic<String, DeadLetter> deadLetters) {
        this.topic = deadLetters.name();
        this.producer = kafka.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "projection-dead-letters"),
                new StringSerializer(), deadLetters.valueSerde().serializer());
    }

    public void send(String stage, ConsumerRecord<String, byte[]> record, Exception error) {
        DeadLetter letter = Envelopes.deadLetter(record.topic(), record.partition(), record.offset(), record.key(), record.value(), stage, error,
                Instant.now(), null);
        try {
            producer.send(new ProducerRecord<>(topic, record.key(), letter)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            // The batch is retried: the record is not skipped until its dead letter is safe.
            throw new IllegalStateException("cannot send a dead letter for " + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
