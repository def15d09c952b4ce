package dev.eventline.command.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.eventline.command.TestDrivers;
import dev.eventline.ledger.account.AccountCommand;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.schemas.envelope.ClientRateLimit;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.envelope.DeadLetter;
import dev.eventline.schemas.registry.InMemorySchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionTopologyTest {

    private static final Instant START = Instant.parse("2026-03-31T10:00:00Z");
    private final EventlineTopics topics = new EventlineTopics("test", new InMemorySchemaRegistryClient(), true);
    // Default: a burst of 3, then 1 per second.
    private final AdmissionSettings settings = new AdmissionSettings(3, 1, Duration.ofSeconds(1), Duration.ofHours(24), Duration.ofMinutes(10));
    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> requests;
    private TestInputTopic<String, ClientRateLimit> limits;
    private TestOutputTopic<String, SpecificRecord> commands;
    private TestOutputTopic<String, CommandResult> results;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private int sequence;

    @BeforeEach
    void start(@TempDir Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        AdmissionTopology.build(builder, topics, settings);
        driver = TestDrivers.start(builder, "admission-test", stateDir, START);
        requests = driver.createInputTopic(topics.requests().name(), new StringSerializer(), topics.requests().valueSerde().serializer());
        limits = driver.createInputTopic(topics.clientLimits().name(), new StringSerializer(), topics.clientLimits().valueSerde().serializer());
        commands = driver.createOutputTopic(topics.commands().name(), new StringDeserializer(), topics.commands().valueSerde().deserializer());
        results = driver.createOutputTopic(topics.results().name(), new StringDeserializer(), topics.results().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new StringDeserializer(), topics.deadLetters().valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldPassCommandsOnKeyedByAggregate() {
        send(deposit("alice", "acc-1", "k-1", 10));

        KeyValue<String, SpecificRecord> admitted = commands.readKeyValue();
        assertThat(admitted.key).isEqualTo("acc-1");
        assertThat(((AccountCommand) admitted.value).getPayload()).isEqualTo(new Deposit(10L));
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldRateLimitAClientOverItsBurstWithoutTouchingAnother() {
        for (int i = 0; i < 4; i++) {
            send(deposit("alice", "acc-1", "k-" + i, 10));
        }
        send(deposit("bob", "acc-2", "k-b", 10));

        assertThat(commands.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("acc-1", "acc-1", "acc-1", "acc-2");
        CommandResult limited = results.readValue();
        assertThat(limited.getStatus()).isEqualTo(CommandStatus.RATE_LIMITED);
        assertThat(limited.getClientId()).isEqualTo("alice");
        assertThat(limited.getRetryAfterMillis()).isEqualTo(1000L);
    }

    @Test
    void shouldRefillOverTime() {
        for (int i = 0; i < 3; i++) {
            send(deposit("alice", "acc-1", "k-" + i, 10));
        }
        driver.advanceWallClockTime(Duration.ofMillis(400));
        send(deposit("alice", "acc-1", "k-3", 10));
        assertThat(results.readValue().getRetryAfterMillis()).isEqualTo(600L);

        driver.advanceWallClockTime(Duration.ofMillis(600));
        send(deposit("alice", "acc-1", "k-4", 10));

        assertThat(commands.readKeyValuesToList()).hasSize(4);
    }

    @Test
    void shouldApplyALimitChangedThroughTheLimitsTopicAtOnceAndFallBackWhenItIsDeleted() {
        limits.pipeInput("alice", limit("alice", 1, 1, 60_000, false));
        send(deposit("alice", "acc-1", "k-1", 10));
        send(deposit("alice", "acc-1", "k-2", 10));
        assertThat(results.readValue().getRetryAfterMillis()).isEqualTo(60_000L);

        limits.pipeInput("alice", limit("alice", 50, 50, 1_000, false));
        send(deposit("alice", "acc-1", "k-3", 10));
        assertThat(results.isEmpty()).isTrue();

        limits.pipeInput("alice", limit("alice", 1, 1, 60_000, true));
        send(deposit("alice", "acc-1", "k-4", 10));
        send(deposit("alice", "acc-1", "k-5", 10));
        assertThat(results.isEmpty()).as("defaults again: a burst of 3").isTrue();
    }

    @Test
    void shouldSendARetryOnWithTheOriginalCommandIdAndRefuseAKeyReusedForAnotherPayload() {
        AccountCommand first = deposit("alice", "acc-1", "key-1", 10);
        AccountCommand retry = deposit("alice", "acc-1", "key-1", 10);
        AccountCommand other = deposit("alice", "acc-1", "key-1", 99);

        send(first);
        send(retry);
        send(other);

        List<SpecificRecord> admitted = commands.readValuesToList();
        assertThat(admitted).hasSize(2);
        assertThat(((AccountCommand) admitted.get(1)).getMetadata().getCommandId()).isEqualTo(first.getMetadata().getCommandId());
        CommandResult refused = results.readValue();
        assertThat(refused.getStatus()).isEqualTo(CommandStatus.DUPLICATE_KEY_MISMATCH);
        assertThat(refused.getCommandId()).isEqualTo(other.getMetadata().getCommandId());
        assertThat(refused.getRejectionCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void shouldScopeIdempotencyKeysToTheirClientAndForgetThemAfterTheRetention() {
        send(deposit("alice", "acc-1", "shared", 10));
        send(deposit("bob", "acc-2", "shared", 99));
        assertThat(results.isEmpty()).as("another client's key").isTrue();

        driver.advanceWallClockTime(Duration.ofHours(25));
        send(deposit("alice", "acc-1", "shared", 77));

        assertThat(results.isEmpty()).as("the key was forgotten").isTrue();
        assertThat(commands.readValuesToList()).hasSize(3);
    }

    @Test
    void shouldSendAnUndecodableRequestToTheDeadLettersAndGoOn() {
        driver.createInputTopic(topics.requests().name(), new StringSerializer(), new ByteArraySerializer()).pipeInput("alice", new byte[] {0, 0, 0, 0});
        send(deposit("alice", "acc-1", "k-1", 10));

        assertThat(deadLetters.readValue().getStage()).isEqualTo("admission");
        assertThat(commands.readValuesToList()).hasSize(1);
    }

    private void send(AccountCommand command) {
        requests.pipeInput(command.getMetadata().getClientId(), command);
    }

    private AccountCommand deposit(String client, String account, String key, long amount) {
        String commandId = "cmd-" + (++sequence);
        ByteBuffer payloadHash = ByteBuffer.allocate(32).putLong(0, amount);
        CommandMetadata metadata = CommandMetadata.newBuilder()
                .setCommandId(commandId).setAggregateType("account").setAggregateId(account).setCommandType("Deposit")
                .setIdempotencyKey(key).setPayloadHash(payloadHash).setClientId(client).setRoles(List.of("commands:write"))
                .setCorrelationId("corr-" + commandId).setCausationId(commandId).setReceivedAt(START).build();
        return new AccountCommand(metadata, new Deposit(amount));
    }

    private static ClientRateLimit limit(String client, long capacity, long refill, long periodMillis, boolean deleted) {
        return ClientRateLimit.newBuilder().setClientId(client).setCapacity(capacity).setRefillTokens(refill)
                .setRefillPeriodMillis(periodMillis).setUpdatedAt(START).setUpdatedBy("admin").setDeleted(deleted).build();
    }
}
