package dev.eventline.replay.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.eventline.schemas.serde.WireFormat;
import dev.eventline.schemas.topics.EventlineTopics;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DecoderFactory;
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

    /** The schema an id names, and whether it is the one the platform's envelope classes were generated from. */
    private record WriterSchema(Schema schema, boolean isPlatforms) {
    }

    private final Connections connections;
    private final EventlineTopics topics;
    private final Map<Integer, WriterSchema> writers = new ConcurrentHashMap<>();
    private final Map<Schema, GenericDatumReader<GenericRecord>> genericReaders = new ConcurrentHashMap<>();

    public EventLog(Connections connections) {
        this.connections = connections;
        this.topics = connections.topics();
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
        int schemaId = WireFormat.readSchemaId(ByteBuffer.wrap(record.value()), record.topic());
        // Written with the platform's own schema (the usual case), the decoded envelope encodes to the
        // very bytes that were hashed: no second, generic decoding is needed to check its hash.
        WriterSchema writer = writers.computeIfAbsent(schemaId, id -> {
            Schema schema = connections.registry().schemaById(id);
            return new WriterSchema(schema, schema.equals(envelope.getSchema()));
        });
        IndexedRecord asWritten = writer.isPlatforms() ? envelope : generic(record, writer.schema());
        String key = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        return new LogEvent(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), key, envelope, asWritten);
    }

    private GenericRecord generic(ConsumerRecord<byte[], byte[]> record, Schema writer) {
        try {
            return genericReaders.computeIfAbsent(writer, w -> new GenericDatumReader<>(w, w)).read(null, DecoderFactory.get()
                    .binaryDecoder(record.value(), WireFormat.HEADER_SIZE, record.value().length - WireFormat.HEADER_SIZE, null));
        } catch (IOException e) {
            throw new UncheckedIOException("undecodable record at " + record.topic() + "/" + record.partition() + "@" + record.offset(), e);
        }
    }
}
