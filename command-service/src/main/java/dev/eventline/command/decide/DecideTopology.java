package dev.eventline.command.decide;

import dev.eventline.command.CommandOutcomeObserver;
import dev.eventline.command.ReplyAddress;
import dev.eventline.command.streams.ExpiringStore;
import dev.eventline.domain.Domains;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The decide stage as a plain function of a {@link StreamsBuilder}:
 * {@code <ns>.commands -> decide -> <ns>.events.<type> + <ns>.results (+ <ns>.commands for
 * process managers, <ns>.dead-letters)}. Commands are read as bytes so that an undecodable record
 * becomes a dead letter instead of stopping the task. Every processor, sink and store is named,
 * so internal names survive changes to the code.
 */
public final class DecideTopology {

    public static final String AGGREGATES_STORE = "decide-aggregates";
    public static final String OUTCOMES_STORE = "decide-outcomes";

    private DecideTopology() {
    }

    /** Adds the stage to the builder; returns its source stream (Micronaut wants a stream bean per builder). */
    public static KStream<String, byte[]> build(StreamsBuilder builder, EventlineTopics topics, Domains domains, DecideSettings settings) {
        return build(builder, topics, domains, settings, CommandOutcomeObserver.NONE);
    }

    /** As {@link #build(StreamsBuilder, EventlineTopics, Domains, DecideSettings)}, telling {@code observer} of outcomes and dead letters. */
    public static KStream<String, byte[]> build(StreamsBuilder builder, EventlineTopics topics, Domains domains, DecideSettings settings,
                                                CommandOutcomeObserver observer) {
        Topic<String, SpecificRecord> commands = topics.commands();
        Topic<String, CommandResult> results = topics.results();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AGGREGATES_STORE), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OUTCOMES_STORE), Serdes.String(), results.valueSerde()));
        builder.addStateStore(ExpiringStore.indexBuilder(OUTCOMES_STORE));

        KStream<String, byte[]> source = builder
                .stream(commands.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("commands-source"));
        KStream<String, Emitted> decided = source
                .process(() -> new DecideProcessor(domains, commands.valueSerde().deserializer(), settings), Named.as("decide"),
                        AGGREGATES_STORE, OUTCOMES_STORE, ExpiringStore.indexName(OUTCOMES_STORE))
                .peek((key, out) -> {
                    if (out instanceof Emitted.Result decision) {
                        observer.outcome("decide", decision.result());
                    } else if (out instanceof Emitted.Dead) {
                        observer.deadLetter("decide");
                    }
                }, Named.as("decide-observed"));

        decided.filter((key, out) -> out instanceof Emitted.Event, Named.as("events-only"))
                .mapValues(out -> ((Emitted.Event) out).envelope(), Named.as("event-envelope"))
                .to((key, envelope, context) -> topics.events(Envelopes.eventMetadata(envelope).getAggregateType()).name(),
                        Produced.with(Serdes.String(), commands.valueSerde()).withName("events-sink"));
        decided.filter((key, out) -> out instanceof Emitted.Result, Named.as("results-only"))
                .mapValues(out -> ((Emitted.Result) out).result(), Named.as("result-record"))
                .to(results.name(), Produced.with(Serdes.String(), results.valueSerde()).withName("results-sink")
                        .withStreamPartitioner(ReplyAddress.PARTITIONER));
        decided.filter((key, out) -> out instanceof Emitted.Command, Named.as("process-commands-only"))
                .mapValues(out -> ((Emitted.Command) out).envelope(), Named.as("process-command-envelope"))
                .to(commands.name(), Produced.with(Serdes.String(), commands.valueSerde()).withName("process-commands-sink"));
        decided.filter((key, out) -> out instanceof Emitted.Dead, Named.as("dead-letters-only"))
                .mapValues(out -> ((Emitted.Dead) out).letter(), Named.as("dead-letter-record"))
                .to(topics.deadLetters().name(), Produced.with(Serdes.String(), topics.deadLetters().valueSerde()).withName("dead-letters-sink"));
        return source;
    }
}
