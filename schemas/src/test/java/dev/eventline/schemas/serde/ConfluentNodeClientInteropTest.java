package dev.eventline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Withdrawn;
import dev.eventline.schemas.fixtures.SampleEvents;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.registry.SchemaRegistryClient;
import dev.eventline.schemas.registry.SubjectNameStrategy;
import dev.eventline.testkit.EventlineIntegrationTest;
import dev.eventline.testkit.TestScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-for-byte compatibility with Confluent, proven with Confluent's official Node.js client
 * (@confluentinc/schemaregistry) against our registry: each side reads what the other wrote and
 * both see the same schema ids.
 */
@EventlineIntegrationTest
class ConfluentNodeClientInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private TestScope scope;
    private SchemaRegistryClient registry;

    @BeforeEach
    void connect(TestScope scope) {
        this.scope = scope;
        this.registry = new RestSchemaRegistryClient(RegistryClientConfig.of(scope.schemaRegistryUrl()));
    }

    @Test
    void shouldReadInJavaWhatConfluentsNodeClientWrote(@TempDir Path dir) throws Exception {
        String topic = scope.topic("node-writes");
        Path schema = Files.writeString(dir.resolve("schema.avsc"), AccountEvent.getClassSchema().toString());
        Path messages = Files.writeString(dir.resolve("messages.jsonl"), String.join("\n",
                nodeMessage("acc-7", 2, "Deposited", 4200),
                nodeMessage("acc-7", 3, "Withdrawn", 1200)));

        List<JsonNode> written = json(NodeClient.interop(List.of("write", scope.schemaRegistryUrl(), topic, schema.toString(), messages.toString()), null));

        int javaId = registry.lookup(topic + "-value", AccountEvent.getClassSchema()).orElseThrow().id();
        ConfluentAvroDeserializer<AccountEvent> deserializer = new ConfluentAvroDeserializer<>(registry, true);
        assertThat(written).hasSize(2).allSatisfy(line -> {
            assertThat(line.path("registeredId").asInt()).as("id Node registered").isEqualTo(javaId);
            assertThat(line.path("idInBytes").asInt()).as("id in Node's bytes").isEqualTo(javaId);
        });
        AccountEvent first = deserializer.deserialize(topic, HEX.parseHex(written.get(0).path("hex").asText()));
        AccountEvent second = deserializer.deserialize(topic, HEX.parseHex(written.get(1).path("hex").asText()));
        assertThat(first.getMetadata().getAggregateId()).isEqualTo("acc-7");
        assertThat(first.getMetadata().getVersion()).isEqualTo(2L);
        assertThat(first.getMetadata().getOccurredAt()).isEqualTo(SampleEvents.metadata("x", 1).getOccurredAt());
        assertThat(first.getMetadata().getHash()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(first.getPayload()).isEqualTo(Deposited.newBuilder().setAmount(4200L).setTransferId("tr-1").build());
        assertThat(second.getPayload()).isEqualTo(Withdrawn.newBuilder().setAmount(1200L).setTransferId("tr-1").build());
    }

    @Test
    void shouldReadInConfluentsNodeClientWhatJavaWrote() throws Exception {
        String topic = scope.topic("java-writes");
        // TOPIC strategy: the subject Node's default (associated, falling back to topic) strategy looks for.
        ConfluentAvroSerializer<AccountEvent> serializer = new ConfluentAvroSerializer<>(registry, true, SubjectNameStrategy.TOPIC, false);
        List<AccountEvent> events = List.of(SampleEvents.opened("acc-8"), SampleEvents.deposited("acc-8", 2, 990L));
        List<byte[]> records = events.stream().map(e -> serializer.serialize(topic, e)).toList();

        List<JsonNode> read = json(NodeClient.interop(List.of("read", scope.schemaRegistryUrl(), topic),
                records.stream().map(HEX::formatHex).collect(Collectors.joining("\n")) + "\n"));

        int javaId = registry.latest(topic + "-value").id();
        assertThat(read).hasSize(2).allSatisfy(line -> assertThat(line.path("idInBytes").asInt()).isEqualTo(javaId));
        JsonNode opened = read.get(0).path("value");
        assertThat(opened.at("/metadata/aggregateId").asText()).isEqualTo("acc-8");
        assertThat(opened.at("/metadata/version").asLong()).isEqualTo(1L);
        assertThat(opened.at("/metadata/occurredAt").asLong()).isEqualTo(SampleEvents.metadata("x", 1).getOccurredAt().toEpochMilli());
        assertThat(opened.at("/metadata/hash").asText()).isEqualTo("010203");
        assertThat(opened.at("/payload/dev.eventline.ledger.account.AccountOpened/currency").asText()).isEqualTo("EUR");
        JsonNode deposited = read.get(1).path("value");
        assertThat(deposited.at("/metadata/version").asLong()).isEqualTo(2L);
        assertThat(deposited.at("/payload/dev.eventline.ledger.account.Deposited/amount").asLong()).isEqualTo(990L);
        assertThat(deposited.at("/payload/dev.eventline.ledger.account.Deposited/transferId").isNull()).isTrue();
    }

    /** A message as Confluent's Node client takes it: longs (and timestamps) as numbers, bytes as hex here. */
    private static String nodeMessage(String aggregateId, long version, String type, long amount) {
        var metadata = SampleEvents.metadata(aggregateId, version);
        var message = JSON.createObjectNode();
        var m = message.putObject("metadata");
        m.put("eventId", metadata.getEventId()).put("aggregateType", metadata.getAggregateType()).put("aggregateId", aggregateId)
                .put("version", version).put("occurredAt", metadata.getOccurredAt().toEpochMilli())
                .put("commandId", metadata.getCommandId()).put("correlationId", metadata.getCorrelationId())
                .put("causationId", metadata.getCausationId()).put("clientId", metadata.getClientId())
                .put("prevHash", "00".repeat(32)).put("hash", "010203");
        // avsc wraps a union of several records by type name, but leaves ["null", "string"] unwrapped.
        message.putObject("payload").putObject("dev.eventline.ledger.account." + type).put("amount", amount).put("transferId", "tr-1");
        return message.toString();
    }

    private static List<JsonNode> json(List<String> lines) {
        return lines.stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON from node: " + line, e);
            }
        }).toList();
    }
}
