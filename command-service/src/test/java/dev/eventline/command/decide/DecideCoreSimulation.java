package dev.eventline.command.decide;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.Envelopes;
import org.apache.avro.specific.SpecificRecord;

/**
 * The decide stage's own {@link DecideCore}, for every domain on the classpath, over a commands
 * topic kept in memory: command records wait in a pool and are delivered in random order,
 * sometimes twice (a redelivery after a crash); events go to the listener, and the commands a
 * process manager issues and the targets' answers go back into the pool, exactly as the topology
 * routes them. Domains' property tests drive their sagas through it (the command service's
 * test-jar).
 */
public final class DecideCoreSimulation {

    /** Receives each appended event: its aggregate type and id, and its payload. */
    public interface Events {
        void appended(String aggregateType, String aggregateId, SpecificRecord event);
    }

    private final Map<String, byte[]> aggregates = new HashMap<>();
    private final Map<String, CommandResult> outcomes = new HashMap<>();
    private final Domains domains = Domains.discover();
    private final DecideCore core = new DecideCore(domains, DecideCore.Stores.of(aggregates::get, aggregates::put, outcomes::get, outcomes::put));
    private final List<SpecificRecord> pool = new ArrayList<>();
    private final Random random;
    private final double duplicateRate;
    private final Events events;
    private int sequence;
    private int duplicatesDelivered;

    public DecideCoreSimulation(Random random, double duplicateRate, Events events) {
        this.random = random;
        this.duplicateRate = duplicateRate;
        this.events = events;
    }

    /** A client's command, as the command service's edge writes it to the commands topic. */
    public void submit(String aggregateType, String aggregateId, SpecificRecord payload, String clientId, String... roles) {
        AggregateType<?, ?, ?> type = domains.find(aggregateType).orElseThrow();
        String commandId = "client-" + sequence++;
        CommandMetadata metadata = CommandMetadata.newBuilder().setCommandId(commandId).setAggregateType(aggregateType)
                .setAggregateId(aggregateId).setCommandType(payload.getSchema().getName()).setIdempotencyKey(commandId)
                .setPayloadHash(ByteBuffer.wrap(new byte[32])).setClientId(clientId)
                .setRoles(roles.length == 0 ? List.of("commands:write") : List.of(roles))
                .setCorrelationId(commandId).setCausationId(commandId).setReceivedAt(Instant.EPOCH).build();
        pool.add(Envelopes.wrap(type.commandEnvelope(), metadata, payload));
    }

    public boolean idle() {
        return pool.isEmpty();
    }

    /** Delivers one waiting record, chosen at random; may leave a copy behind to be delivered again. */
    public void deliverOne() {
        SpecificRecord envelope = pool.remove(random.nextInt(pool.size()));
        if (random.nextDouble() < duplicateRate) {
            pool.add(envelope);
        }
        CommandMetadata metadata = Envelopes.commandMetadata(envelope);
        if (outcomes.containsKey(metadata.getCommandId())) {
            duplicatesDelivered++;
        }
        DecideCore.Decided decided = core.handle(metadata, Envelopes.payload(envelope), Instant.EPOCH);
        if (decided.defect() != null) {
            throw new AssertionError("a decider failed on " + metadata.getCommandId(), decided.defect());
        }
        for (DecideCore.Output out : decided.outputs()) {
            if (out.emitted() instanceof Emitted.Command command) {
                pool.add(command.envelope());
            } else if (out.emitted() instanceof Emitted.Event event) {
                events.appended(event.aggregateType(), Envelopes.eventMetadata(event.envelope()).getAggregateId(),
                        Envelopes.payload(event.envelope()));
            }
        }
    }

    public void drain() {
        while (!idle()) {
            deliverOne();
        }
    }

    /** The command records still waiting, without the copies of ones already decided. */
    public List<SpecificRecord> undecided() {
        List<SpecificRecord> waiting = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SpecificRecord envelope : pool) {
            String id = Envelopes.commandMetadata(envelope).getCommandId();
            if (!outcomes.containsKey(id) && seen.add(id)) {
                waiting.add(envelope);
            }
        }
        return waiting;
    }

    public int duplicatesDelivered() {
        return duplicatesDelivered;
    }
}
