package dev.eventline.command.decide;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

import dev.eventline.command.CommandResults;
import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Caller;
import dev.eventline.domain.Command;
import dev.eventline.domain.Decision;
import dev.eventline.domain.Domains;
import dev.eventline.domain.ProcessManager.Instruction;
import dev.eventline.domain.ProcessManager.Outcome;
import dev.eventline.domain.ProcessManager;
import dev.eventline.schemas.chain.HashChain;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.envelope.ProcessStep;
import dev.eventline.schemas.ids.EventIds;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the decide stage does with one command, as a pure function of the command and the stage's
 * state: drop or answer again a command seen before, answer a foreign aggregate as a missing one,
 * check the expected version, run the domain's decider, number and chain the events, run process
 * managers (their commands and the targets' answers), remember the outcome. No Kafka: the
 * {@link DecideProcessor} feeds it the records of its partition and forwards what it returns; the
 * property tests drive this same code through interleavings with duplicates.
 */
final class DecideCore {

    /** The stage's state, kept by the processor in its state stores (in maps by tests). */
    interface Stores {

        byte[] aggregate(String key);

        void putAggregate(String key, byte[] snapshot);

        CommandResult outcome(String commandId);

        void putOutcome(String commandId, CommandResult result);

        /** Stores over any key-value pairs (the processor's state stores, a test's maps). */
        static Stores of(Function<String, byte[]> aggregate, BiConsumer<String, byte[]> putAggregate,
                         Function<String, CommandResult> outcome, BiConsumer<String, CommandResult> putOutcome) {
            return new Stores() {
                @Override
                public byte[] aggregate(String key) {
                    return aggregate.apply(key);
                }

                @Override
                public void putAggregate(String key, byte[] snapshot) {
                    putAggregate.accept(key, snapshot);
                }

                @Override
                public CommandResult outcome(String commandId) {
                    return outcome.apply(commandId);
                }

                @Override
                public void putOutcome(String commandId, CommandResult result) {
                    putOutcome.accept(commandId, result);
                }
            };
        }
    }

    /** One record to send on: its key, and what it is (which decides its topic). */
    record Output(String key, Emitted emitted) {
    }

    /** The outputs of one command, the outcome last; {@code defect} when its decider threw (nothing else was kept). */
    record Decided(List<Output> outputs, RuntimeException defect) {
    }

    private final Domains domains;
    private final Stores stores;
    private final SnapshotCodec codec = new SnapshotCodec();
    private final EventIds ids = new EventIds();
    /** Outputs of the command being decided, sent only once the whole decision has succeeded. */
    private final List<Output> pending = new ArrayList<>();

    DecideCore(Domains domains, Stores stores) {
        this.domains = domains;
        this.stores = stores;
    }

    Decided handle(CommandMetadata metadata, Object payload, Instant now) {
        CommandResult seen = stores.outcome(metadata.getCommandId());
        if (seen != null) {
            // A retry or a redelivery: the original outcome again, nothing appended.
            // The answer goes to whoever waits for this delivery, not to the first sender.
            CommandResult again = CommandResult.newBuilder(seen).setReplyTo(metadata.getReplyTo()).build();
            return new Decided(List.of(new Output(metadata.getCommandId(), new Emitted.Result(again))), null);
        }
        Optional<AggregateType<?, ?, ?>> type = domains.find(metadata.getAggregateType());
        CommandResult result;
        RuntimeException defect = null;
        if (type.isEmpty()) {
            result = CommandResults.of(metadata, CommandStatus.INVALID, now).setRejectionCode("UNKNOWN_AGGREGATE_TYPE")
                    .setRejectionMessage("no aggregate type '" + metadata.getAggregateType() + "'").build();
        } else {
            try {
                result = decide(typed(type.get()), metadata, payload, now);
            } catch (RuntimeException e) {
                // A decider that throws has a defect: nothing it half-did is sent or stored.
                pending.clear();
                defect = e;
                result = CommandResults.of(metadata, CommandStatus.INVALID, now).setRejectionCode("DECIDER_FAILED")
                        .setRejectionMessage(e.getClass().getSimpleName() + ": " + e.getMessage()).build();
            }
        }
        stores.putOutcome(metadata.getCommandId(), result);
        List<Output> outputs = new ArrayList<>(pending);
        pending.clear();
        outputs.add(new Output(metadata.getCommandId(), new Emitted.Result(result)));
        return new Decided(outputs, defect);
    }

    private CommandResult decide(AggregateType<Object, Object, Object> type,
                                 CommandMetadata metadata, Object payload, Instant now) {
        String storeKey = type.name() + "/" + metadata.getAggregateId();
        byte[] stored = stores.aggregate(storeKey);
        AggregateSnapshot missing = new AggregateSnapshot(0, HashChain.genesis(), type.decider().initialState());
        AggregateSnapshot snapshot = stored == null ? missing : codec.decode(stored, type);
        Caller caller = new Caller(metadata.getClientId(), new HashSet<>(metadata.getRoles()));
        Command<Object> command = new Command<>(metadata.getAggregateId(), payload, caller, now);
        // A foreign aggregate is answered as if it did not exist, before anything reads its state
        // (expected version included): a client cannot tell it from a missing one.
        boolean foreign = !visibleTo(caller, type, snapshot);
        AggregateSnapshot seen = foreign ? missing : snapshot;
        CommandResult conflict = versionConflict(metadata, seen, now);
        if (conflict != null) {
            return conflict;
        }
        Decision<Object> decision = type.decider().decide(command, seen.state());
        if (foreign && !(decision instanceof Decision.Rejected<Object>)) {
            // Creating it would succeed were it missing: its real state refuses (the id is taken),
            // still answered with the version of a missing aggregate.
            decision = type.decider().decide(command, snapshot.state());
            conflict = decision instanceof Decision.Rejected<Object> ? null : versionConflict(metadata, snapshot, now);
            if (conflict != null) {
                return conflict;
            }
        }
        if (decision instanceof Decision.Rejected<Object> rejected) {
            return rejected(metadata, seen, rejected, now);
        }
        long version = snapshot.version();
        byte[] hash = snapshot.lastHash();
        Object state = snapshot.state();
        List<String> eventIds = new ArrayList<>();
        List<String> eventTypes = new ArrayList<>();
        for (Object event : decision.events()) {
            version++;
            EventMetadata eventMetadata = EventMetadata.newBuilder()
                    .setEventId(ids.next(now).toString())
                    .setAggregateType(type.name())
                    .setAggregateId(metadata.getAggregateId())
                    .setVersion(version)
                    .setOccurredAt(now)
                    .setCommandId(metadata.getCommandId())
                    .setCorrelationId(metadata.getCorrelationId())
                    .setCausationId(metadata.getCommandId())
                    .setClientId(metadata.getClientId())
                    .setPrevHash(ByteBuffer.wrap(hash))
                    .setHash(ByteBuffer.wrap(new byte[0]))
                    .build();
            SpecificRecord envelope = Envelopes.wrap(type.eventEnvelope(), eventMetadata, event);
            hash = HashChain.seal(envelope, hash);
            state = type.decider().evolve(state, event);
            eventIds.add(eventMetadata.getEventId());
            eventTypes.add(((SpecificRecord) event).getSchema().getName());
            pending.add(new Output(metadata.getAggregateId(), new Emitted.Event(type.name(), envelope)));
            if (type.processManager().isPresent()) {
                issue(type, type.processManager().get(), metadata, eventMetadata, state, event, now);
            }
        }
        AggregateSnapshot.Waiting waiting = answerOrWait(type, metadata, snapshot.waiting(), !decision.events().isEmpty(), state, now);
        if (!decision.events().isEmpty()) {
            stores.putAggregate(storeKey, codec.encode(new AggregateSnapshot(version, hash, state, waiting)));
        }
        return CommandResults.of(metadata, CommandStatus.ACCEPTED, now).setVersion(version).setEventIds(eventIds).setEventTypes(eventTypes)
                .setPosition(type.name() + "/" + metadata.getAggregateId() + "@" + version).build();
    }

    /**
     * Answers the process that sent this command, unless the command started a process of its own:
     * then the sender waits, and is answered by the command after which this process has finished.
     * Returns who still waits.
     */
    private AggregateSnapshot.Waiting answerOrWait(AggregateType<Object, Object, Object> type, CommandMetadata metadata,
                                                   AggregateSnapshot.Waiting waiting, boolean changed, Object state, Instant now) {
        Optional<ProcessManager<Object, Object>> own = type.processManager();
        ProcessStep step = metadata.getProcess();
        if (step != null) {
            if (own.isPresent() && waiting == null && changed) {
                waiting = new AggregateSnapshot.Waiting(metadata.getCommandId(), metadata.getCorrelationId(), step.getAggregateType(),
                        step.getAggregateId(), step.getPurpose());
            } else {
                answerProcess(metadata, Outcome.accepted(state), now);
            }
        }
        if (waiting != null) {
            Optional<Outcome> finished = own.orElseThrow().finished(state);
            if (finished.isPresent()) {
                answerProcess(new ProcessStep(waiting.processType(), waiting.processId(), waiting.purpose()), waiting.commandId(),
                        waiting.correlationId(), finished.get(), now);
                return null;
            }
        }
        return waiting;
    }

    private static boolean visibleTo(Caller caller, AggregateType<Object, Object, Object> type, AggregateSnapshot snapshot) {
        return type.decider().owner(snapshot.state()).map(caller::mayActFor).orElse(true);
    }

    private static CommandResult versionConflict(CommandMetadata metadata, AggregateSnapshot snapshot, Instant now) {
        if (metadata.getExpectedVersion() == null || metadata.getExpectedVersion() == snapshot.version()) {
            return null;
        }
        return CommandResults.of(metadata, CommandStatus.CONFLICT, now).setVersion(snapshot.version())
                .setRejectionCode("VERSION_CONFLICT")
                .setRejectionMessage("expected version " + metadata.getExpectedVersion() + ", the aggregate is at " + snapshot.version())
                .build();
    }

    private CommandResult rejected(CommandMetadata metadata, AggregateSnapshot snapshot,
                                   Decision.Rejected<Object> rejected, Instant now) {
        answerProcess(metadata, Outcome.rejected(rejected.rejection()), now);
        return CommandResults.of(metadata, CommandStatus.REJECTED, now).setVersion(snapshot.version())
                .setRejectionCode(rejected.rejection().code().name()).setRejectionMessage(rejected.rejection().message()).build();
    }

    /** Sends the commands a process manager asks for after one event of its aggregate. */
    private void issue(AggregateType<Object, Object, Object> processType, ProcessManager<Object, Object> process,
                       CommandMetadata cause, EventMetadata event, Object stateAfter, Object payload, Instant now) {
        for (Instruction instruction : process.react(cause.getAggregateId(), stateAfter, payload)) {
            AggregateType<?, ?, ?> target = domains.find(instruction.aggregateType()).orElseThrow(
                    () -> new IllegalStateException("process " + processType.name() + " targets unknown type " + instruction.aggregateType()));
            String commandId = processType.name() + "/" + cause.getAggregateId() + ":" + instruction.purpose().name();
            CommandMetadata metadata = Envelopes.issuedCommand(commandId, target.name(), instruction.aggregateId(),
                    (SpecificRecord) instruction.payload(), instruction.caller().clientId(), instruction.caller().roles(),
                    cause.getCorrelationId(), event.getEventId(), now,
                    new ProcessStep(processType.name(), cause.getAggregateId(), instruction.purpose().name()));
            pending.add(new Output(instruction.aggregateId(),
                    new Emitted.Command(Envelopes.wrap(target.commandEnvelope(), metadata, instruction.payload()))));
        }
    }

    /** When a process issued this command, sends the target's answer back to the process aggregate. */
    private void answerProcess(CommandMetadata metadata, Outcome outcome, Instant now) {
        if (metadata.getProcess() != null) {
            answerProcess(metadata.getProcess(), metadata.getCommandId(), metadata.getCorrelationId(), outcome, now);
        }
    }

    /** Sends the answer to command {@code commandId}, which the process step issued, back to the process aggregate. */
    private void answerProcess(ProcessStep step, String commandId, String correlationId, Outcome outcome, Instant now) {
        AggregateType<Object, Object, Object> processType = typed(domains.find(step.getAggregateType()).orElseThrow(
                () -> new IllegalStateException("unknown process type " + step.getAggregateType())));
        ProcessManager<Object, Object> process = processType.processManager().orElseThrow(
                () -> new IllegalStateException(step.getAggregateType() + " has no process manager"));
        Object answer = process.onOutcome(step.getAggregateId(), process.purpose(step.getPurpose()), outcome);
        String answerId = commandId + ":outcome";
        CommandMetadata answerMetadata = Envelopes.issuedCommand(answerId, processType.name(), step.getAggregateId(), (SpecificRecord) answer,
                Caller.PLATFORM.clientId(), Caller.PLATFORM.roles(), correlationId, commandId, now, null);
        pending.add(new Output(step.getAggregateId(),
                new Emitted.Command(Envelopes.wrap(processType.commandEnvelope(), answerMetadata, answer))));
    }

    @SuppressWarnings("unchecked")
    private static AggregateType<Object, Object, Object> typed(AggregateType<?, ?, ?> type) {
        return (AggregateType<Object, Object, Object>) type;
    }
}
