package dev.eventline.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import dev.eventline.command.admission.AdmissionSettings;
import dev.eventline.command.admission.AdmissionTopology;
import dev.eventline.command.decide.DecideSettings;
import dev.eventline.command.decide.DecideTopology;
import dev.eventline.domain.Domains;
import dev.eventline.ledger.account.AccountCommand;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.ledger.account.OpenAccount;
import dev.eventline.ledger.transfer.RequestTransfer;
import dev.eventline.ledger.transfer.TransferCommand;
import dev.eventline.schemas.chain.HashChain;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.TopicProvisioner;
import dev.eventline.testkit.EventlineIntegrationTest;
import dev.eventline.testkit.TestScope;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both stages as real Kafka Streams applications on the real broker and registry: admission
 * at-least-once, decide exactly_once_v2 with a short commit interval, as the service will run
 * them. Read committed, as every consumer of the platform's topics does.
 */
@EventlineIntegrationTest
class CommandPipelineTest {

    private TestScope scope;
    private EventlineTopics topics;
    private final List<KafkaStreams> apps = new ArrayList<>();
    private KafkaProducer<String, SpecificRecord> producer;

    @BeforeEach
    void start(TestScope scope) throws Exception {
        this.scope = scope;
        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(RegistryClientConfig.of(scope.schemaRegistryUrl()));
        topics = new EventlineTopics(scope.namespace(), registry, true);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", scope.kafkaBootstrapServers()))) {
            new TopicProvisioner(admin, 4, (short) 1).ensure(topics.all(List.of("account", "transfer")));
        }
        StreamsBuilder admission = new StreamsBuilder();
        AdmissionTopology.build(admission, topics, AdmissionSettings.defaults());
        apps.add(start(admission, "admission", StreamsConfig.AT_LEAST_ONCE));
        StreamsBuilder decide = new StreamsBuilder();
        DecideTopology.build(decide, topics, Domains.discover(), DecideSettings.defaults());
        apps.add(start(decide, "decide", StreamsConfig.EXACTLY_ONCE_V2));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", scope.kafkaBootstrapServers(), "acks", "all"),
                new StringSerializer(), topics.requests().valueSerde().serializer());
    }

    private KafkaStreams start(StreamsBuilder builder, String stage, String guarantee) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, scope.namespace() + "-" + stage);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, scope.kafkaBootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("streams-" + stage).toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        return streams;
    }

    @AfterEach
    void stop() {
        producer.close();
        apps.forEach(app -> app.close(Duration.ofSeconds(30)));
    }

    @Test
    void shouldTurnRequestsIntoChainedEventsAndAnswers() {
        send(account("acc-1", new OpenAccount("EUR"), "alice", "k-1"));
        send(account("acc-1", new Deposit(500L), "alice", "k-2"));
        send(account("acc-1", new Deposit(500L), "alice", "k-2")); // a retry with the same key
        send(account("acc-2", new OpenAccount("EUR"), "bob", "k-3"));
        // bob's and alice's requests are admitted on different partitions, in no order between them:
        // the transfer waits until acc-2 is open, or its credit could be refused and compensated.
        awaitResults(Set.of("k-1", "k-2", "k-3"), 4);
        send(transfer("t-1", new RequestTransfer("acc-1", "acc-2", 200L, null), "alice", "k-4"));

        Map<String, CommandResult> answers = awaitResults(Set.of("k-1", "k-2", "k-3", "k-4"), 5);
        assertThat(answers.values()).extracting(CommandResult::getStatus).containsOnly(CommandStatus.ACCEPTED);

        List<AccountEvent> events = awaitEvents(5);
        assertThat(events.stream().filter(e -> e.getMetadata().getAggregateId().equals("acc-1")))
                .extracting(e -> e.getMetadata().getVersion()).containsExactly(1L, 2L, 3L);
        assertThat(events).allSatisfy(e -> assertThat(HashChain.isIntact(e)).isTrue());
        assertThat(events.stream().filter(e -> e.getMetadata().getAggregateId().equals("acc-2")).map(e -> ((SpecificRecord) e.getPayload()).getSchema().getName()))
                .containsExactly("AccountOpened", "Deposited");
    }

    private void send(SpecificRecord command) {
        CommandMetadata metadata = (CommandMetadata) command.get(0);
        producer.send(new ProducerRecord<>(topics.requests().name(), metadata.getClientId(), command));
        producer.flush();
    }

    /** Results by idempotency key; waits until it has seen {@code count} results. */
    private Map<String, CommandResult> awaitResults(Set<String> keys, int count) {
        Map<String, CommandResult> byKey = new HashMap<>();
        try (KafkaConsumer<String, CommandResult> consumer = consumer(topics.results().valueSerde().deserializer())) {
            consumer.subscribe(Set.of(topics.results().name()));
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen < count && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.value().getIdempotencyKey())) {
                        byKey.put(record.value().getIdempotencyKey(), record.value());
                        seen++;
                    }
                }
            }
        }
        assertThat(byKey).containsOnlyKeys(keys);
        return byKey;
    }

    private List<AccountEvent> awaitEvents(int count) {
        List<AccountEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = consumer(topics.events("account").valueSerde().deserializer())) {
            consumer.subscribe(Set.of(topics.events("account").name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (events.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> events.add((AccountEvent) record.value()));
            }
        }
        assertThat(events).hasSize(count);
        return events;
    }

    private <V> KafkaConsumer<String, V> consumer(org.apache.kafka.common.serialization.Deserializer<V> values) {
        return new KafkaConsumer<>(Map.of(
                "bootstrap.servers", scope.kafkaBootstrapServers(),
                "group.id", scope.namespace() + "-reader-" + System.nanoTime(),
                "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"), new StringDeserializer(), values);
    }

    private static AccountCommand account(String id, SpecificRecord payload, String client, String key) {
        return new AccountCommand(metadata("account", id, payload, client, key), payload);
    }

    private static TransferCommand transfer(String id, SpecificRecord payload, String client, String key) {
        return new TransferCommand(metadata("transfer", id, payload, client, key), payload);
    }

    private static CommandMetadata metadata(String type, String id, SpecificRecord payload, String client, String key) {
        return CommandMetadata.newBuilder()
                .setCommandId("cmd-" + key + "-" + System.nanoTime()).setAggregateType(type).setAggregateId(id)
                .setCommandType(payload.getSchema().getName()).setIdempotencyKey(key)
                .setPayloadHash(ByteBuffer.wrap(payload.toString().getBytes())).setClientId(client).setRoles(List.of("commands:write"))
                .setCorrelationId("corr-" + key).setCausationId("cause-" + key).setReceivedAt(Instant.now()).build();
    }
}
