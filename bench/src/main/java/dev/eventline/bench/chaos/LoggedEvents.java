package dev.eventline.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.KafkaClients;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The ledger's events as the log holds them (committed records only), read independently of the
 * platform's own readers: each event's id, command and aggregate, and every account folded to its
 * version and balance.
 */
final class LoggedEvents {

    /** An event: its id, the command that caused it, its aggregate and version. */
    record Logged(String eventId, String commandId, String aggregateType, String aggregateId, long version) {
    }

    /** An account folded from its events. */
    record Folded(long version, long balance) {
    }

    private final List<Logged> events = new ArrayList<>();
    private final Map<String, Folded> accounts = new HashMap<>();

    private LoggedEvents() {
    }

    /** Given events and folded accounts (a checker's test). */
    static LoggedEvents of(List<Logged> events, Map<String, Folded> accounts) {
        LoggedEvents given = new LoggedEvents();
        given.events.addAll(events);
        given.accounts.putAll(accounts);
        return given;
    }

    static LoggedEvents read(Map<String, String> env, String namespace) {
        EventlineTopics topics = new EventlineTopics(namespace, new RestSchemaRegistryClient(RegistryClientConfig.of(env.get("SCHEMA_REGISTRY_URL"))),
                false);
        LoggedEvents read = new LoggedEvents();
        for (String type : List.of("account", "transfer")) {
            String topic = topics.events(type).name();
            Deserializer<SpecificRecord> envelopes = topics.events(type).valueSerde().deserializer();
            try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.of(env.get("KAFKA_BOOTSTRAP_SERVERS")).consumer(
                    Map.of("isolation.level", "read_committed", "enable.auto.commit", false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                            read.add(envelopes.deserialize(topic, record.value()));
                        }
                    }
                }
            }
        }
        return read;
    }

    private void add(SpecificRecord envelope) {
        EventMetadata m = Envelopes.eventMetadata(envelope);
        events.add(new Logged(m.getEventId(), m.getCommandId(), m.getAggregateType(), m.getAggregateId(), m.getVersion()));
        if (m.getAggregateType().equals("account")) {
            // By the ledger's record names, read generically: the harness needs no compile-time domain.
            SpecificRecord payload = Envelopes.payload(envelope);
            String name = payload.getSchema().getName();
            long amount = name.equals("Deposited") || name.equals("Withdrawn") ? (Long) payload.get(payload.getSchema().getField("amount").pos()) : 0;
            long change = name.equals("Withdrawn") ? -amount : amount;
            accounts.merge(m.getAggregateId(), new Folded(m.getVersion(), change),
                    (was, next) -> new Folded(next.version(), was.balance() + next.balance()));
        }
    }

    List<Logged> events() {
        return events;
    }

    Map<String, Folded> accounts() {
        return accounts;
    }
}
