package dev.eventline.bench.baseline;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.eventline.replay.source.WorkCpu;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * What the broker itself does on this machine, for the ratios: a plain producer with the command
 * path's settings (acks=all, idempotent) and record size, a pass-through {@code exactly_once_v2}
 * Streams topology with the decide stage's commit interval, and a plain consumer reading a topic.
 */
public final class KafkaBaselines {

    private static final int PARTITIONS = 12;
    private final String bootstrapServers;

    public KafkaBaselines(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Records per second a producer sends and has acknowledged. */
    public double producer(int records, int recordBytes) throws Exception {
        String topic = newTopic("bench-producer");
        byte[] value = new byte[recordBytes];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers,
                "acks", "all", "enable.idempotence", true, "linger.ms", 5, "batch.size", 262_144,
                // One request in flight per broker: the embedded broker answered reordered idempotent
                // batches with OutOfOrderSequence retries that brought the rate down to a few thousand.
                "max.in.flight.requests.per.connection", 1),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "warm", value)).get();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + (i % 10_000), value));
            }
            producer.flush();
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Records per second a pass-through exactly_once_v2 topology copies from one topic to another. */
    public double passThrough(int records, int recordBytes) throws Exception {
        String in = newTopic("bench-pass-in");
        String out = newTopic("bench-pass-out");
        byte[] value = new byte[recordBytes];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers,
                "acks", "all", "linger.ms", 5, "batch.size", 262_144, "max.in.flight.requests.per.connection", 1),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(in, "k" + (i % 10_000), value));
            }
            producer.flush();
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray())).to(out, Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, in + "-app");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10); // as the decide stage
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);   // as the decide stage
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-pass").toString());
        props.put("consumer.auto.offset.reset", "earliest");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             KafkaConsumer<byte[], byte[]> consumer = readCommitted()) {
            long start = System.nanoTime();
            streams.start();
            List<TopicPartition> partitions = partitions(consumer, out);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long copied = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (copied < records && System.nanoTime() < deadline) {
                copied += consumer.poll(Duration.ofMillis(100)).count();
            }
            return copied / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** How fast a plain consumer read a topic, and the CPU its thread spent per record. */
    public record PlainRead(double rate, double cpuMicrosPerEvent) {
    }

    /** Records per second a read_committed consumer reads a whole topic, bytes only, and its CPU per record. */
    public PlainRead plainRead(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = readCommitted()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long start = System.nanoTime();
            long cpuAtStart = WorkCpu.now();
            long read = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            return new PlainRead(read / ((System.nanoTime() - start) / 1e9), WorkCpu.since(cpuAtStart).microsPerEvent(read));
        }
    }

    /**
     * Waits until no topic of the namespace grows for two seconds in a row (at most a minute): the
     * previous step's backlog (transfers' follow-up commands, projections) must not load the next.
     */
    public void awaitQuiet(String namespace) throws InterruptedException {
        try (KafkaConsumer<byte[], byte[]> consumer = readCommitted()) {
            long previous = -1;
            int quiet = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (quiet < 2 && System.nanoTime() < deadline) {
                List<TopicPartition> partitions = consumer.listTopics().keySet().stream().filter(t -> t.startsWith(namespace + "."))
                        .flatMap(t -> partitions(consumer, t).stream()).toList();
                long total = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                quiet = total == previous ? quiet + 1 : 0;
                previous = total;
                Thread.sleep(1000);
            }
        }
    }

    /** The mean size of a topic's record values (the first ones of each partition). */
    public int meanRecordBytes(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = readCommitted()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long bytes = 0;
            long count = 0;
            for (int i = 0; i < 20 && count < 1000; i++) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    bytes += record.value() == null ? 0 : record.value().length;
                    count++;
                }
            }
            return count == 0 ? 300 : (int) (bytes / count);
        }
    }

    private KafkaConsumer<byte[], byte[]> readCommitted() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "isolation.level", "read_committed",
                "max.poll.records", 5000, "fetch.max.bytes", 64 * 1024 * 1024, "max.partition.fetch.bytes", 16 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private String newTopic(String prefix) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all().get();
        }
        return name;
    }
}
