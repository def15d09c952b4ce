package dev.eventline.command.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.eventline.command.TestDrivers;
import dev.eventline.domain.Domains;
import dev.eventline.ledger.account.AccountCommand;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.AccountOpened;
import dev.eventline.ledger.account.Close;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.OpenAccount;
import dev.eventline.ledger.account.Withdraw;
import dev.eventline.ledger.account.Withdrawn;
import dev.eventline.ledger.transfer.RequestTransfer;
import dev.eventline.ledger.transfer.TransferCommand;
import dev.eventline.ledger.transfer.TransferCompensated;
import dev.eventline.ledger.transfer.TransferCompleted;
import dev.eventline.ledger.transfer.TransferEvent;
import dev.eventline.schemas.chain.HashChain;
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
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecideTopologyTest {

    private static final Instant START = Instant.parse("2026-03-31T10:00:00Z");
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final EventlineTopics topics = new EventlineTopics("test", registry, true);
    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> commands;
    private TestOutputTopic<String, SpecificRecord> accountEvents;
    private TestOutputTopic<String, SpecificRecord> transferEvents;
    private TestOutputTopic<String, CommandResult> results;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start(@TempDir Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        DecideTopology.build(builder, topics, Domains.discover(), new DecideSettings(Duration.ofHours(24), Duration.ofMinutes(10)));
        driver = TestDrivers.start(builder, "decide-test", stateDir, START);
        commands = driver.createInputTopic(topics.commands().name(), new StringSerializer(), topics.commands().valueSerde().serializer());
        accountEvents = driver.createOutputTopic(topics.events("account").name(), new StringDeserializer(), topics.commands().valueSerde().deserializer());
        transferEvents = driver.createOutputTopic(topics.events("transfer").name(), new StringDeserializer(), topics.commands().valueSerde().deserializer());
        results = driver.createOutputTopic(topics.results().name(), new StringDeserializer(), topics.results().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new StringDeserializer(), topics.deadLetters().valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldAppendNumberedChainedEventsAndAnswerEachCommand() {
        send(account("acc-1", new OpenAccount("EUR"), "alice"));
        send(account("acc-1", new Deposit(500L), "alice"));
        send(account("acc-1", new Withdraw(200L), "alice"));

        List<AccountEvent> events = accountEvents.readValuesToList().stream().map(AccountEvent.class::cast).toList();
        assertThat(events).extracting(e -> e.getMetadata().getVersion()).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(AccountEvent::getPayload)
                .containsExactly(new AccountOpened("alice", "EUR"), new Deposited(500L, null), new Withdrawn(200L, null));
        assertThat(events).allSatisfy(e -> assertThat(HashChain.isIntact(e)).isTrue());
        assertThat(HashChain.prevHashOf(events.get(0))).isEqualTo(new byte[32]);
        assertThat(HashChain.prevHashOf(events.get(2))).isEqualTo(HashChain.hashOf(events.get(1)));
        assertThat(events.get(1).getMetadata().getClientId()).isEqualTo("alice");

        List<CommandResult> answers = results.readValuesToList();
        assertThat(answers).extracting(CommandResult::getStatus).containsOnly(CommandStatus.ACCEPTED);
        assertThat(answers.get(2).getVersion()).isEqualTo(3L);
        assertThat(answers.get(2).getPosition()).isEqualTo("account/acc-1@3");
        assertThat(answers.get(2).getEventIds()).containsExactly(events.get(2).getMetadata().getEventId());
    }

    @Test
    void shouldRejectWithTheDomainsCodeAndAppendNothing() {
        send(account("acc-1", new OpenAccount("EUR"), "alice"));
        send(account("acc-1", new Withdraw(1L), "alice"));
        send(account("acc-1", new Close(), "mallory"));

        List<CommandResult> answers = results.readValuesToList();
        assertThat(answers.get(1).getStatus()).isEqualTo(CommandStatus.REJECTED);
        assertThat(answers.get(1).getRejectionCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(answers.get(1).getVersion()).isEqualTo(1L);
        assertThat(answers.get(2).getRejectionCode()).as("another client's account is answered as missing").isEqualTo("NOT_FOUND");
        assertThat(accountEvents.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldAnswerAForeignAggregateExactlyAsAMissingOne() {
        send(account("acc-1", new OpenAccount("EUR"), "alice"));
        send(account("acc-1", new Deposit(500L), "alice"));
        results.readValuesToList();
        accountEvents.readValuesToList();
        AccountCommand staleOnForeign = fresh("acc-1", new Withdraw(1L), "mallory");
        staleOnForeign.getMetadata().setExpectedVersion(5L);
        AccountCommand staleOnMissing = fresh("acc-none", new Withdraw(1L), "mallory");
        staleOnMissing.getMetadata().setExpectedVersion(5L);
        AccountCommand currentOnForeign = fresh("acc-1", new Withdraw(1L), "mallory");
        currentOnForeign.getMetadata().setExpectedVersion(2L);
        AccountCommand currentOnMissing = fresh("acc-none", new Withdraw(1L), "mallory");
        currentOnMissing.getMetadata().setExpectedVersion(2L);

        for (AccountCommand[] pair : List.of(
                new AccountCommand[] {fresh("acc-1", new Withdraw(1L), "mallory"), fresh("acc-none", new Withdraw(1L), "mallory")},
                new AccountCommand[] {fresh("acc-1", new Close(), "mallory"), fresh("acc-none", new Close(), "mallory")},
                new AccountCommand[] {staleOnForeign, staleOnMissing},
                new AccountCommand[] {currentOnForeign, currentOnMissing})) {
            send(pair[0]);
            send(pair[1]);
            List<CommandResult> answers = results.readValuesToList();
            CommandResult foreign = answers.get(0);
            CommandResult missing = answers.get(1);
            assertThat(foreign.getStatus()).isEqualTo(missing.getStatus());
            assertThat(foreign.getRejectionCode()).isEqualTo(missing.getRejectionCode());
            assertThat(foreign.getVersion()).as("no version of the foreign aggregate").isEqualTo(missing.getVersion());
            assertThat(foreign.getRejectionMessage()).isEqualTo(missing.getRejectionMessage().replace("acc-none", "acc-1"));
        }
        assertThat(accountEvents.readValuesToList()).isEmpty();
    }

    @Test
    void shouldRefuseToOpenATakenIdWithoutTellingItsVersion() {
        send(account("acc-1", new OpenAccount("EUR"), "alice"));
        send(account("acc-1", new Deposit(5L), "alice"));
        send(fresh("acc-1", new OpenAccount("USD"), "mallory"));

        CommandResult taken = results.readValuesToList().get(2);
        assertThat(taken.getRejectionCode()).isEqualTo("ALREADY_EXISTS");
        assertThat(taken.getVersion()).isEqualTo(0L);
        assertThat(accountEvents.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldAcceptOnlyAtTheExpectedVersion() {
        send(account("acc-1", new OpenAccount("EUR"), "alice"));
        AccountCommand stale = account("acc-1", new Deposit(5L), "alice");
        stale.getMetadata().setExpectedVersion(0L);
        AccountCommand current = account("acc-1", new Deposit(7L), "alice");
        current.getMetadata().setExpectedVersion(1L);

        send(stale);
        send(current);

        List<CommandResult> answers = results.readValuesToList();
        assertThat(answers.get(1).getStatus()).isEqualTo(CommandStatus.CONFLICT);
        assertThat(answers.get(1).getVersion()).as("current version").isEqualTo(1L);
        assertThat(answers.get(2).getStatus()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(accountEvents.readValuesToList()).extracting(e -> ((AccountEvent) e).getPayload())
                .containsExactly(new AccountOpened("alice", "EUR"), new Deposited(7L, null));
    }

    @Test
    void shouldAnswerARepeatedCommandIdWithTheOriginalOutcomeAndAppendNothing() {
        send(account("acc-1", new OpenAccount("EUR"), "alice"));
        AccountCommand deposit = account("acc-1", new Deposit(100L), "alice");
        send(deposit);
        send(deposit);
        send(deposit);

        assertThat(accountEvents.readValuesToList()).hasSize(2);
        List<CommandResult> answers = results.readValuesToList();
        assertThat(answers).hasSize(4);
        assertThat(answers.get(2)).isEqualTo(answers.get(1));
        assertThat(answers.get(3)).isEqualTo(answers.get(1));
    }

    @Test
    void shouldSendARetrysOriginalOutcomeToTheRetrysReplyAddress() {
        send(account("acc-1", new OpenAccount("EUR"), "alice"));
        AccountCommand deposit = account("acc-1", new Deposit(100L), "alice");
        deposit.getMetadata().setReplyTo("edge-a/1");
        send(deposit);
        AccountCommand retry = AccountCommand.newBuilder(deposit).build();
        retry.getMetadata().setReplyTo("edge-b/7");
        send(retry);

        List<CommandResult> answers = results.readValuesToList();
        assertThat(answers.get(1).getReplyTo()).isEqualTo("edge-a/1");
        assertThat(answers.get(2).getReplyTo()).isEqualTo("edge-b/7");
        assertThat(answers.get(2).getEventIds()).isEqualTo(answers.get(1).getEventIds());
        assertThat(answers.get(2).getEventTypes()).containsExactly("Deposited");
    }

    @Test
    void shouldForgetOutcomesAfterTheRetention() {
        send(account("acc-1", new OpenAccount("EUR"), "alice"));
        KeyValueStore<String, CommandResult> outcomes = driver.getKeyValueStore(DecideTopology.OUTCOMES_STORE);
        assertThat(outcomes.approximateNumEntries()).isEqualTo(1);

        driver.advanceWallClockTime(Duration.ofHours(25));

        assertThat(outcomes.get("cmd-acc-1-OpenAccount")).isNull();
    }

    @Test
    void shouldCompleteATransferAcrossAggregatesExactlyOnce() {
        send(account("acc-a", new OpenAccount("EUR"), "alice"));
        send(account("acc-a", new Deposit(1_000L), "alice"));
        send(account("acc-b", new OpenAccount("EUR"), "bob"));
        accountEvents.readValuesToList();

        send(transfer("t-1", new RequestTransfer("acc-a", "acc-b", 300L, null), "alice"));

        assertThat(transferEvents.readValuesToList()).extracting(e -> ((TransferEvent) e).getPayload().getClass().getSimpleName())
                .containsExactly("TransferRequested", "TransferDebited", "TransferCredited", "TransferCompleted");
        List<AccountEvent> moves = accountEvents.readValuesToList().stream().map(AccountEvent.class::cast).toList();
        assertThat(moves).extracting(AccountEvent::getPayload).containsExactly(new Withdrawn(300L, "t-1"), new Deposited(300L, "t-1"));
        assertThat(moves.get(0).getMetadata().getVersion()).isEqualTo(3L);
        assertThat(moves).allSatisfy(e -> assertThat(e.getMetadata().getCorrelationId()).isEqualTo("corr-t-1-RequestTransfer"));
        assertThat(results.readValuesToList()).extracting(CommandResult::getCommandId)
                .contains("transfer/t-1:DEBIT", "transfer/t-1:DEBIT:outcome", "transfer/t-1:CREDIT", "transfer/t-1:CREDIT:outcome");
    }

    @Test
    void shouldRefundTheSourceWhenTheCreditFails() {
        send(account("acc-a", new OpenAccount("EUR"), "alice"));
        send(account("acc-a", new Deposit(1_000L), "alice"));
        send(account("acc-u", new OpenAccount("USD"), "bob"));
        accountEvents.readValuesToList();

        send(transfer("t-2", new RequestTransfer("acc-a", "acc-u", 300L, null), "alice"));

        List<SpecificRecord> transferLog = transferEvents.readValuesToList();
        assertThat(((TransferEvent) transferLog.get(transferLog.size() - 1)).getPayload()).isInstanceOf(TransferCompensated.class);
        assertThat(transferLog).noneMatch(e -> ((TransferEvent) e).getPayload() instanceof TransferCompleted);
        assertThat(accountEvents.readValuesToList()).extracting(e -> ((AccountEvent) e).getPayload())
                .containsExactly(new Withdrawn(300L, "t-2"), new Deposited(300L, "t-2"));
    }

    @Test
    void shouldSendAnUndecodableRecordToTheDeadLettersAndGoOn() {
        driver.createInputTopic(topics.commands().name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("acc-1", new byte[] {1, 2, 3});
        send(account("acc-1", new OpenAccount("EUR"), "alice"));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo("decide");
        assertThat(letter.getSourceTopic()).isEqualTo(topics.commands().name());
        assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(letter.getErrorMessage()).contains("fewer than the 5-byte Confluent header");
        assertThat(results.readValue().getStatus()).isEqualTo(CommandStatus.ACCEPTED);
    }

    @Test
    void shouldAnswerACommandForAnUnknownAggregateType() {
        AccountCommand lost = account("acc-1", new OpenAccount("EUR"), "alice");
        lost.getMetadata().setAggregateType("spaceship");

        send(lost);

        CommandResult answer = results.readValue();
        assertThat(answer.getStatus()).isEqualTo(CommandStatus.INVALID);
        assertThat(answer.getRejectionCode()).isEqualTo("UNKNOWN_AGGREGATE_TYPE");
        assertThat(accountEvents.isEmpty()).isTrue();
    }

    private void send(SpecificRecord command) {
        commands.pipeInput(((CommandMetadata) command.get(0)).getAggregateId(), command);
    }

    private static AccountCommand account(String id, SpecificRecord payload, String client) {
        return new AccountCommand(metadata("account", id, payload, client), payload);
    }

    /** A command with an id of its own, so the dedupe does not answer it from an earlier one. */
    private static AccountCommand fresh(String id, SpecificRecord payload, String client) {
        AccountCommand command = account(id, payload, client);
        command.getMetadata().setCommandId(UUID.randomUUID().toString());
        return command;
    }

    private static TransferCommand transfer(String id, SpecificRecord payload, String client) {
        return new TransferCommand(metadata("transfer", id, payload, client), payload);
    }

    private static CommandMetadata metadata(String type, String id, SpecificRecord payload, String client) {
        String name = payload.getSchema().getName();
        String commandId = "cmd-" + id + "-" + name + (payload instanceof Deposit d ? "-" + d.getAmount() : "")
                + (payload instanceof Withdraw w ? "-" + w.getAmount() : "");
        return CommandMetadata.newBuilder()
                .setCommandId(commandId.equals("cmd-" + id + "-" + name) ? commandId : commandId + "-" + UUID.nameUUIDFromBytes(commandId.getBytes()))
                .setAggregateType(type).setAggregateId(id).setCommandType(name)
                .setIdempotencyKey("key-" + commandId).setPayloadHash(ByteBuffer.wrap(new byte[32]))
                .setClientId(client).setRoles(List.of("commands:write"))
                .setCorrelationId("corr-" + id + "-" + name).setCausationId(commandId)
                .setReceivedAt(START).build();
    }
}
