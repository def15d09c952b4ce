package dev.eventline.replay.source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.eventline.schemas.serde.WriterSchemas;
import dev.eventline.schemas.topics.EventlineTopics;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads an aggregate type's event topic: single events by position (the archive says where an
 * aggregate's events are) and whole partitions. Only committed records: the command stage
 * writes events in transactions, and aborted ones are not part of the history.
 */
public final class EventLog {

    private final Connections connections;
    private final EventlineTopics topics;
    private final WriterSchemas writerSchemas;

    public EventLog(Connections connections) {
        this.connections = connections;
        this.topics = connections.topics();
        this.writerSchemas = new WriterSchemas(connections.registry());
    }

    public String topicOf(String aggregateType) {
        return topics.events(aggregateType).name();
    }

    public KafkaConsumer<byte[], byte[]> consumer() {
        return connections.kafka().consumer(Map.of(
                "isolation.level", "read_committed",
                "enable.auto.commit", "false",
                "max.poll.records", "5000",
                "fetch.max.bytes", String.valueOf(64 * 1024 * 1024),
                "max.partition.fetch.bytes", String.valueOf(16 * 1024 * 1024)), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Per partition, the offset after the last committed record. */
    public Map<Integer, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        }
    }

    /** The partition the producers put an aggregate's events in (Kafka's default partitioner on the key). */
    public int partitionOf(String topic, String aggregateId) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            int partitions = consumer.partitionsFor(topic).size();
            return Utils.toPositive(Utils.murmur2(aggregateId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
        }
    }

    /** Every committed record of the partition in [{@code from}, {@code to}), in order. */
    public void scan(String aggregateType, int partition, long from, long to, Consumer<LogEvent> sink) {
        String topic = topicOf(aggregateType);
        Deserializer<SpecificRecord> envelopes = topics.events(aggregateType).valueSerde().deserializer();
        TopicPartition tp = new TopicPartition(topic, partition);
        KafkaConsumer<byte[], byte[]> consumer = consumer();
        try {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            while (consumer.position(tp) < to) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                    if (record.offset() >= to) {
                        return;
                    }
                    sink.accept(decode(record, envelopes));
                }
            }
        } finally {
            closeNow(consumer);
        }
    }

    /**
     * Closes a reading consumer without waiting: it has no group and no offsets to commit, and a
     * default close waits for the fetch still parked at the broker (up to {@code fetch.max.wait.ms}),
     * which made every partition of a verify half a second longer.
     */
    public static void closeNow(KafkaConsumer<?, ?> consumer) {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }

    /** The records at exactly these offsets of one partition, in the order given. */
    public List<LogEvent> at(String aggregateType, int partition, List<Long> offsets) {
        String topic = topicOf(aggregateType);
        Deserializer<SpecificRecord> envelopes = topics.events(aggregateType).valueSerde().deserializer();
        TopicPartition tp = new TopicPartition(topic, partition);
        List<LogEvent> events = new ArrayList<>();
        KafkaConsumer<byte[], byte[]> consumer = consumer();
        try {
            consumer.assign(List.of(tp));
            for (long offset : offsets) {
                consumer.seek(tp, offset);
                LogEvent found = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (found == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                        if (record.offset() == offset) {
                            found = decode(record, envelopes);
                            break;
                        }
                        if (record.offset() > offset) {
                            throw new IllegalStateException(topic + "/" + partition + " has no committed record at offset " + offset);
                        }
                    }
                }
                if (found == null) {
                    throw new IllegalStateException(topic + "/" + partition + ": offset " + offset + " could not be read");
                }
                events.add(found);
            }
        } finally {
            closeNow(consumer);
        }
        return events;
    }

    private LogEvent decode(ConsumerRecord<byte[], byte[]> record, Deserializer<SpecificRecord> envelopes) {
        SpecificRecord envelope = envelopes.deserialize(record.topic(), record.value());
        IndexedRecord asWritten = writerSchemas.asWritten(record.topic(), record.value(), envelope);
        String key = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        return new LogEvent(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), key, envelope, asWritten);
    }
}
