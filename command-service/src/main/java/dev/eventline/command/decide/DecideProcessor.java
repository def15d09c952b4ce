package dev.eventline.command.decide;

import java.time.Instant;

import dev.eventline.command.DeadLetters;
import dev.eventline.command.streams.ExpiringStore;
import dev.eventline.domain.Domains;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.topics.RecordHeaders;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The decide stage, for one partition of {@code <ns>.commands} (keyed by aggregate id, so this
 * task is the single writer of its aggregates): reads each command, lets {@link DecideCore}
 * decide it against this task's state stores, and forwards what it returns; a record that does not
 * decode, or whose decider throws, also becomes a dead letter. Under exactly_once_v2 the store
 * updates, the events, the results and the consumed offset commit together. Forgets old outcomes
 * on a wall-clock schedule.
 */
final class DecideProcessor implements Processor<String, byte[], String, Emitted> {

    private final Domains domains;
    private final Deserializer<SpecificRecord> commands;
    private final DecideSettings settings;
    private ProcessorContext<String, Emitted> context;
    private ExpiringStore<CommandResult> outcomes;
    private DecideCore core;

    DecideProcessor(Domains domains, Deserializer<SpecificRecord> commands, DecideSettings settings) {
        this.domains = domains;
        this.commands = commands;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        KeyValueStore<String, byte[]> aggregates = context.getStateStore(DecideTopology.AGGREGATES_STORE);
        this.outcomes = new ExpiringStore<CommandResult>(context.getStateStore(DecideTopology.OUTCOMES_STORE),
                context.getStateStore(ExpiringStore.indexName(DecideTopology.OUTCOMES_STORE)), outcome -> outcome.getDecidedAt().toEpochMilli());
        this.core = new DecideCore(domains, DecideCore.Stores.of(aggregates::get, aggregates::put, outcomes::get, outcomes::put));
        context.schedule(settings.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, this::purgeOutcomes);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        SpecificRecord envelope;
        CommandMetadata metadata;
        try {
            envelope = commands.deserialize(sourceTopic(), record.value());
            metadata = Envelopes.commandMetadata(envelope);
        } catch (RuntimeException e) {
            deadLetter(record, e, null);
            return;
        }
        DecideCore.Decided decided = core.handle(metadata, Envelopes.payload(envelope), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (decided.defect() != null) {
            // Kept for inspection; the outcome still answers the command.
            deadLetter(record, decided.defect(), metadata.getCorrelationId());
        }
        Instant decidedAt = Instant.now();
        decided.outputs().forEach(out -> {
            Record<String, Emitted> output = record.withKey(out.key()).withValue(out.emitted())
                    .withHeaders(new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray()));
            // The outcome carries the stage times to the edge's Server-Timing; nothing kept for good carries them.
            if (out.emitted() instanceof Emitted.Result) {
                RecordHeaders.stamp(output.headers(), RecordHeaders.DECIDED_AT, decidedAt);
            } else {
                RecordHeaders.unstamp(output.headers());
            }
            context.forward(output);
        });
    }

    private void deadLetter(Record<String, byte[]> record, RuntimeException error, String correlationId) {
        context.forward(record.withKey(record.key()).withValue(new Emitted.Dead(DeadLetters.of(context, record, "decide", error, correlationId))));
    }

    /** Forgets outcomes older than the retention: a command id reused later is decided anew. */
    private void purgeOutcomes(long nowMillis) {
        outcomes.purge(nowMillis - settings.outcomeRetention().toMillis());
    }

    private String sourceTopic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse("commands");
    }
}
