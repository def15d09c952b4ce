package dev.eventline.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole events topic as committed (read_committed), in partition order. */
public final class EventLog {

    public record Entry(EventMetadata metadata, SpecificRecord payload) {
    }

    private EventLog() {
    }

    public static List<Entry> read(String bootstrapServers, Topic<String, SpecificRecord> topic) {
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed", "enable.auto.commit", false),
                new StringDeserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            Set<TopicPartition> open = new java.util.HashSet<>(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    SpecificRecord envelope = record.value();
                    entries.add(new Entry(Envelopes.eventMetadata(envelope),
                            Envelopes.payload(envelope)));
                }
                open.removeIf(p -> consumer.position(p) >= end.get(p));
            }
        }
        return entries;
    }

    /**
     * The topic's events by command id, read again until every one of {@code commandIds} is there
     * or {@code timeout} has passed (a command's events land a little after its answer).
     */
    public static Map<String, List<Entry>> byCommand(String bootstrapServers, Topic<String, SpecificRecord> topic, Set<String> commandIds,
                                                     Duration timeout) throws InterruptedException {
        Map<String, List<Entry>> byCommand = Map.of();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            byCommand = read(bootstrapServers, topic).stream().collect(java.util.stream.Collectors.groupingBy(e -> e.metadata().getCommandId()));
            if (byCommand.keySet().containsAll(commandIds)) {
                break;
            }
            Thread.sleep(500);
        }
        return byCommand;
    }
}
