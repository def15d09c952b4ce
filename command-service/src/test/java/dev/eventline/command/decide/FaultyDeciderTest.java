package dev.eventline.command.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.eventline.command.TestDrivers;
import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Command;
import dev.eventline.domain.Decider;
import dev.eventline.domain.Decision;
import dev.eventline.domain.DomainModule;
import dev.eventline.domain.Domains;
import dev.eventline.ledger.account.AccountCommand;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.AccountOpened;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.registry.InMemorySchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decider that fails half-way through a decision leaves no trace: no event, no snapshot. */
class FaultyDeciderTest {

    /** Decides two events; cannot evolve the second. */
    static final class HalfBroken implements Decider<SpecificRecord, SpecificRecord, Long> {
        @Override
        public Long initialState() {
            return 0L;
        }

        @Override
        public Decision<SpecificRecord> decide(Command<SpecificRecord> command, Long state) {
            return Decision.accept(new AccountOpened("x", "EUR"), new Deposited(1L, null));
        }

        @Override
        public Long evolve(Long state, SpecificRecord event) {
            if (event instanceof Deposited) {
                throw new IllegalStateException("evolve has a defect");
            }
            return state + 1;
        }
    }

    @Test
    void shouldSendNothingOfADecisionThatFailedHalfWay(@TempDir Path stateDir) {
        AggregateType<SpecificRecord, SpecificRecord, Long> faulty = new AggregateType<>("faulty", new HalfBroken(),
                Map.of(), AccountCommand.class, AccountEvent.class, Optional.empty());
        DomainModule module = () -> List.of(faulty);
        EventlineTopics topics = new EventlineTopics("test", new InMemorySchemaRegistryClient(), true);
        StreamsBuilder builder = new StreamsBuilder();
        DecideTopology.build(builder, topics, new Domains(List.of(module)), new DecideSettings(Duration.ofHours(1), Duration.ofMinutes(1)));
        try (TopologyTestDriver driver = TestDrivers.start(builder, "faulty-test", stateDir, Instant.EPOCH)) {
            CommandMetadata metadata = CommandMetadata.newBuilder().setCommandId("c-1").setAggregateType("faulty").setAggregateId("f-1")
                    .setCommandType("Deposit").setIdempotencyKey("k").setPayloadHash(ByteBuffer.wrap(new byte[32])).setClientId("alice")
                    .setCorrelationId("r").setCausationId("c-1").setReceivedAt(Instant.EPOCH).build();
            driver.createInputTopic(topics.commands().name(), new StringSerializer(), topics.commands().valueSerde().serializer())
                    .pipeInput("f-1", new AccountCommand(metadata, new Deposit(1L)));

            assertThat(driver.createOutputTopic(topics.events("faulty").name(), new StringDeserializer(), topics.commands().valueSerde().deserializer())
                    .isEmpty()).as("no half decision on the log").isTrue();
            CommandResult result = driver.createOutputTopic(topics.results().name(), new StringDeserializer(), topics.results().valueSerde().deserializer())
                    .readValue();
            assertThat(result.getStatus()).isEqualTo(CommandStatus.INVALID);
            assertThat(result.getRejectionCode()).isEqualTo("DECIDER_FAILED");
            assertThat(driver.getKeyValueStore(DecideTopology.AGGREGATES_STORE).get("faulty/f-1")).isNull();
            assertThat(driver.createOutputTopic(topics.deadLetters().name(), new StringDeserializer(), topics.deadLetters().valueSerde().deserializer())
                    .readValue().getErrorMessage()).isEqualTo("evolve has a defect");
        }
    }
}
