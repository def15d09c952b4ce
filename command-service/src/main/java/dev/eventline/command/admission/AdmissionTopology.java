package dev.eventline.command.admission;

import dev.eventline.command.CommandOutcomeObserver;
import dev.eventline.command.ReplyAddress;
import dev.eventline.command.streams.ExpiringStore;
import dev.eventline.schemas.envelope.ClientRateLimit;
import dev.eventline.schemas.topics.EventlineTopics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The admission stage as a plain function of a {@link StreamsBuilder}:
 * {@code <ns>.requests -> admit -> <ns>.commands | <ns>.results | <ns>.dead-letters}, with the
 * per-client limits of the compacted {@code <ns>.client-limits} as a global table, so a change
 * made through the admin API reaches every instance without a restart.
 */
public final class AdmissionTopology {

    public static final String BUCKETS_STORE = "admission-buckets";
    public static final String KEYS_STORE = "admission-idempotency-keys";
    public static final String LIMITS_STORE = "admission-client-limits";

    private AdmissionTopology() {
    }

    /** Adds the stage to the builder; returns its source stream (Micronaut wants a stream bean per builder). */
    public static KStream<String, byte[]> build(StreamsBuilder builder, EventlineTopics topics, AdmissionSettings settings) {
        return build(builder, topics, settings, CommandOutcomeObserver.NONE);
    }

    /** As {@link #build(StreamsBuilder, EventlineTopics, AdmissionSettings)}, telling {@code observer} of refusals and dead letters. */
    public static KStream<String, byte[]> build(StreamsBuilder builder, EventlineTopics topics, AdmissionSettings settings,
                                                CommandOutcomeObserver observer) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUCKETS_STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KEYS_STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(ExpiringStore.indexBuilder(KEYS_STORE));
        builder.globalTable(topics.clientLimits().name(),
                Consumed.with(Serdes.String(), topics.clientLimits().valueSerde()).withName("client-limits-source"),
                Materialized.<String, ClientRateLimit, org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(LIMITS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.clientLimits().valueSerde()));

        KStream<String, byte[]> source = builder
                .stream(topics.requests().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("requests-source"));
        KStream<String, Admitted> admitted = source
                .process(() -> new AdmissionProcessor(topics.requests().valueSerde().deserializer(), settings), Named.as("admit"),
                        BUCKETS_STORE, KEYS_STORE, ExpiringStore.indexName(KEYS_STORE))
                .peek((key, out) -> {
                    if (out instanceof Admitted.Result refused) {
                        observer.outcome("admission", refused.result());
                    } else if (out instanceof Admitted.Dead) {
                        observer.deadLetter("admission");
                    }
                }, Named.as("admission-observed"));

        admitted.filter((key, out) -> out instanceof Admitted.Command, Named.as("admitted-only"))
                .mapValues(out -> ((Admitted.Command) out).envelope(), Named.as("admitted-envelope"))
                .to(topics.commands().name(), Produced.with(Serdes.String(), topics.commands().valueSerde()).withName("commands-sink"));
        admitted.filter((key, out) -> out instanceof Admitted.Result, Named.as("refused-only"))
                .mapValues(out -> ((Admitted.Result) out).result(), Named.as("refusal-record"))
                .to(topics.results().name(), Produced.with(Serdes.String(), topics.results().valueSerde()).withName("refusals-sink")
                        .withStreamPartitioner(ReplyAddress.PARTITIONER));
        admitted.filter((key, out) -> out instanceof Admitted.Dead, Named.as("admission-dead-letters-only"))
                .mapValues(out -> ((Admitted.Dead) out).letter(), Named.as("admission-dead-letter-record"))
                .to(topics.deadLetters().name(), Produced.with(Serdes.String(), topics.deadLetters().valueSerde()).withName("admission-dead-letters-sink"));
        return source;
    }
}
