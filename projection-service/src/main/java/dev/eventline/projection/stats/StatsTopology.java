package dev.eventline.projection.stats;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.topics.EventlineTopics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Dashboard statistics as Kafka Streams windowed counts, queryable in place: events per minute by
 * event type and by client (from every events topic), and per client per minute the commands
 * admitted and the commands refused for their rate limit (from {@code <ns>.results}), which is how
 * much of its limit a client uses. Undecodable records are skipped here: the PostgreSQL projections
 * dead-letter them.
 */
public final class StatsTopology {

    public static final String EVENTS_BY_TYPE = "events-per-minute-by-type";
    public static final String EVENTS_BY_CLIENT = "events-per-minute-by-client";
    public static final String ADMITTED_BY_CLIENT = "commands-per-minute-by-client";
    public static final String RATE_LIMITED_BY_CLIENT = "rate-limited-per-minute-by-client";
    public static final List<String> STORES = List.of(EVENTS_BY_TYPE, EVENTS_BY_CLIENT, ADMITTED_BY_CLIENT, RATE_LIMITED_BY_CLIENT);

    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** Kept for the dashboard's hour, plus late records. */
    public static final Duration RETENTION = Duration.ofHours(2);

    private StatsTopology() {
    }

    /** Adds the statistics to the builder; returns the events source (Micronaut wants a stream bean). */
    public static KStream<String, byte[]> build(StreamsBuilder builder, EventlineTopics topics, List<String> aggregateTypes) {
        Map<String, Deserializer<? extends SpecificRecord>> decoders = new HashMap<>();
        aggregateTypes.forEach(type -> decoders.put(topics.events(type).name(), topics.events(type).valueSerde().deserializer()));
        KStream<String, byte[]> events = builder.stream(List.copyOf(decoders.keySet()),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("stats-events-source"));
        // "<eventType>\u0000<clientId>", or null for a record that does not decode.
        KStream<String, String> facts = events.processValues(() -> new EventFacts(decoders), Named.as("stats-event-facts"))
                .filter((key, fact) -> fact != null, Named.as("stats-decodable-events"));
        count(facts.selectKey((key, fact) -> fact.substring(0, fact.indexOf('\u0000')), Named.as("stats-key-by-type")), EVENTS_BY_TYPE);
        count(facts.selectKey((key, fact) -> fact.substring(fact.indexOf('\u0000') + 1), Named.as("stats-key-by-client")), EVENTS_BY_CLIENT);

        KStream<String, CommandResult> results = builder.stream(topics.results().name(),
                Consumed.with(Serdes.String(), topics.results().valueSerde()).withName("stats-results-source"));
        KStream<String, String> clients = results
                .filter((key, result) -> result != null && result.getStatus() != CommandStatus.DUPLICATE_KEY_MISMATCH, Named.as("stats-counted-results"))
                .map((key, result) -> org.apache.kafka.streams.KeyValue.pair(result.getClientId(), result.getStatus().name()),
                        Named.as("stats-key-results-by-client"));
        count(clients.filter((client, status) -> !status.equals(CommandStatus.RATE_LIMITED.name()), Named.as("stats-admitted")), ADMITTED_BY_CLIENT);
        count(clients.filter((client, status) -> status.equals(CommandStatus.RATE_LIMITED.name()), Named.as("stats-rate-limited")),
                RATE_LIMITED_BY_CLIENT);
        return events;
    }

    private static void count(KStream<String, String> keyed, String store) {
        keyed.groupByKey(Grouped.with(store + "-by-key", Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, Duration.ofSeconds(30)))
                .count(Named.as(store + "-count"), Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(store)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()).withRetention(RETENTION));
    }

    /** An event envelope's payload type and client, keeping the record's key and timestamp. */
    static final class EventFacts implements FixedKeyProcessor<String, byte[], String> {

        private final Map<String, Deserializer<? extends SpecificRecord>> decoders;
        private FixedKeyProcessorContext<String, String> context;

        EventFacts(Map<String, Deserializer<? extends SpecificRecord>> decoders) {
            this.decoders = decoders;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
            String fact = null;
            try {
                SpecificRecord envelope = decoders.get(topic).deserialize(topic, record.headers(), record.value());
                EventMetadata metadata = Envelopes.eventMetadata(envelope);
                SpecificRecord payload = Envelopes.payload(envelope);
                fact = payload.getSchema().getName() + '\u0000' + metadata.getClientId();
            } catch (RuntimeException e) {
                // undecodable: counted by the projections' dead letters instead
            }
            context.forward(record.withValue(fact));
        }
    }
}
