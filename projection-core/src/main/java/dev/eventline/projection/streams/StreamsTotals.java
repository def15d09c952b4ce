package dev.eventline.projection.streams;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import dev.eventline.schemas.topics.EventlineTopics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Running totals a domain keeps with Kafka Streams, beside the projection service's statistics
 * (the ledger's open accounts and money per currency, say): built into the statistics topology,
 * fed by its stream of every events topic, and served under {@link #name()} by the projection
 * service's {@code GET /v1/stats/totals}, merged across its instances. Found by
 * {@link ServiceLoader} in the loaded domains' modules
 * ({@code META-INF/services/dev.eventline.projection.streams.StreamsTotals}).
 */
public interface StreamsTotals {

    /** The key the totals are served under; unique across the loaded domains. */
    String name();

    /** The key-value store ({@code String} keys and values) that {@link #build} materializes the totals in. */
    String store();

    /**
     * Adds the processors and stores, every one of them named. {@code events} carries the records
     * of every events topic (a topic has one source per topology): filter on the record's topic.
     */
    void build(StreamsBuilder builder, KStream<String, byte[]> events, EventlineTopics topics);

    /** One stored value as the figures it holds, by name. */
    Map<String, Long> figures(String stored);

    /** The totals of the domains on the class path. */
    static List<StreamsTotals> discover() {
        return ServiceLoader.load(StreamsTotals.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
