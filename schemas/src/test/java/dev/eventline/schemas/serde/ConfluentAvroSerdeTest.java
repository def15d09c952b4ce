package dev.eventline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eventline.ledger.account.AccountCommand;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.transfer.RequestTransfer;
import dev.eventline.ledger.transfer.TransferCommand;
import dev.eventline.schemas.fixtures.SampleEvents;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.registry.SchemaRegistryClient;
import dev.eventline.testkit.EventlineIntegrationTest;
import dev.eventline.testkit.TestScope;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EventlineIntegrationTest
class ConfluentAvroSerdeTest {

    private TestScope scope;
    private SchemaRegistryClient registry;

    @BeforeEach
    void connect(TestScope scope) {
        this.scope = scope;
        this.registry = new RestSchemaRegistryClient(RegistryClientConfig.of(scope.schemaRegistryUrl()));
    }

    @Test
    void shouldWriteTheConfluentWireFormat() {
        ConfluentAvroSerializer<AccountEvent> serializer = new ConfluentAvroSerializer<>(registry, true,
                dev.eventline.schemas.registry.SubjectNameStrategy.TOPIC_RECORD, false);
        String topic = scope.topic("events.account");

        byte[] bytes = serializer.serialize(topic, SampleEvents.opened("acc-1"));

        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertThat(buffer.get()).as("magic byte").isZero();
        int id = buffer.getInt();
        assertThat(registry.latest(topic + "-dev.eventline.ledger.account.AccountEvent").id()).isEqualTo(id);
        assertThat(registry.schemaById(id)).isEqualTo(AccountEvent.getClassSchema());
    }

    @Test
    void shouldRoundTripSeveralRecordTypesOnOneTopicThroughTheBroker() throws Exception {
        String topic = scope.topic("commands");
        Map<String, Object> config = Map.of(
                "bootstrap.servers", scope.kafkaBootstrapServers(),
                RegistryClientConfig.URL, scope.schemaRegistryUrl());
        TransferCommand transfer = new TransferCommand(SampleEvents.deposit("t-1", 1).getMetadata(), new RequestTransfer("acc-1", "acc-2", 250L, null));
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config, new StringSerializer(), serializer(config))) {
            producer.send(new ProducerRecord<>(topic, "acc-1", SampleEvents.deposit("acc-1", 500))).get();
            producer.send(new ProducerRecord<>(topic, "t-1", transfer)).get();
        }

        List<Object> received = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(withGroup(config), new StringDeserializer(), deserializer(config))) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            }
        }

        assertThat(received).hasSize(2);
        assertThat(received.get(0)).isInstanceOf(AccountCommand.class).isEqualTo(SampleEvents.deposit("acc-1", 500));
        assertThat(received.get(1)).isInstanceOf(TransferCommand.class).isEqualTo(transfer);
        assertThat(registry.subjects()).contains(topic + "-dev.eventline.ledger.account.AccountCommand",
                topic + "-dev.eventline.ledger.transfer.TransferCommand");
    }

    @Test
    void shouldReadRecordsWrittenWithAnOlderSchemaIntoTheCurrentClass() {
        // An older Deposited without transferId, written by a producer that only knew that version.
        Schema oldDeposited = SchemaBuilder.record("Deposited").namespace("dev.eventline.ledger.account").fields()
                .requiredLong("amount").endRecord();
        GenericRecord old = new GenericData.Record(oldDeposited);
        old.put("amount", 700L);
        String topic = scope.topic("evolution");
        byte[] bytes = new ConfluentAvroSerializer<IndexedRecord>(registry, true, dev.eventline.schemas.registry.SubjectNameStrategy.TOPIC_RECORD, false)
                .serialize(topic, old);

        Object read = new ConfluentAvroDeserializer<>(registry, true).deserialize(topic, bytes);

        assertThat(read).isInstanceOf(Deposited.class);
        assertThat(((Deposited) read).getAmount()).isEqualTo(700L);
        assertThat(((Deposited) read).getTransferId()).as("default of the newer field").isNull();
    }

    @Test
    void shouldOnlyLookUpWhenAutoRegistrationIsOff() {
        ConfluentAvroSerializer<AccountEvent> strict = new ConfluentAvroSerializer<>(registry, false,
                dev.eventline.schemas.registry.SubjectNameStrategy.TOPIC_RECORD, false);
        String topic = scope.topic("strict");

        assertThatThrownBy(() -> strict.serialize(topic, SampleEvents.opened("acc-1")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered").hasMessageContaining("auto-registration is off");

        registry.register(topic + "-dev.eventline.ledger.account.AccountEvent", AccountEvent.getClassSchema());
        assertThat(strict.serialize(topic, SampleEvents.opened("acc-1"))).isNotEmpty();
    }

    @Test
    void shouldRefuseBytesThatAreNotConfluentWireFormat() {
        ConfluentAvroDeserializer<IndexedRecord> deserializer = new ConfluentAvroDeserializer<>(registry, true);

        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("5-byte");
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0x7f, 0, 0, 0, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot fetch schema").hasMessageContaining("40403");
    }

    @Test
    void shouldFailClearlyAfterRetryingWhenTheRegistryIsUnreachable() {
        int closedPort = dev.eventline.devstack.Ports.free();
        SchemaRegistryClient unreachable = new RestSchemaRegistryClient(RegistryClientConfig.from(Map.of(
                RegistryClientConfig.URL, "http://localhost:" + closedPort,
                RegistryClientConfig.MAX_ATTEMPTS, "3",
                RegistryClientConfig.INITIAL_BACKOFF_MS, "20")));
        ConfluentAvroSerializer<AccountEvent> serializer = new ConfluentAvroSerializer<>(unreachable, true,
                dev.eventline.schemas.registry.SubjectNameStrategy.TOPIC_RECORD, false);

        assertThatThrownBy(() -> serializer.serialize("t", SampleEvents.opened("acc-1")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("failed 3 times")
                .hasMessageContaining("cannot reach http://localhost:" + closedPort);
    }

    private static ConfluentAvroSerializer<SpecificRecord> serializer(Map<String, Object> config) {
        ConfluentAvroSerializer<SpecificRecord> serializer = new ConfluentAvroSerializer<>();
        serializer.configure(config, false);
        return serializer;
    }

    private static ConfluentAvroDeserializer<SpecificRecord> deserializer(Map<String, Object> config) {
        ConfluentAvroDeserializer<SpecificRecord> deserializer = new ConfluentAvroDeserializer<>();
        deserializer.configure(config, false);
        return deserializer;
    }

    private Map<String, Object> withGroup(Map<String, Object> config) {
        Map<String, Object> consumer = new java.util.HashMap<>(config);
        consumer.put("group.id", scope.namespace() + "-reader");
        consumer.put("auto.offset.reset", "earliest");
        return consumer;
    }
}
