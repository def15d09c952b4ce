package dev.eventline.projection.stats;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventline.projection.streams.StreamsTotals;
import io.micronaut.configuration.kafka.streams.KafkaStreamsFactory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Interactive queries over the statistics' stores. A store is partitioned like its key, so a
 * question about one key goes to the instance that owns it (found through Streams' metadata, asked
 * over HTTP with {@code scope=local}), and a question about every key asks each instance for its
 * own part and merges the answers.
 */
@Singleton
public class StatsQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Map<String, Long>>> SERIES = new TypeReference<>() { };
    private static final TypeReference<Map<String, Map<String, Map<String, Long>>>> TOTALS = new TypeReference<>() { };

    private final KafkaStreamsFactory streams;
    private final LoadedTotals totals;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code application.server} is how other instances reach this one; unset means a single instance. */
    public StatsQueries(KafkaStreamsFactory streams, LoadedTotals totals,
                        @Value("${kafka.streams.default.application.server:}") String applicationServer) {
        this.streams = streams;
        this.totals = totals;
        this.self = applicationServer.isBlank() ? HostInfo.unavailable() : HostInfo.buildFromEndpoint(applicationServer);
    }

    /** Per key, window start (ISO-8601) to count, for windows starting in [from, to]. */
    public Map<String, Map<String, Long>> series(String store, Instant from, Instant to, boolean localOnly, String authorization) {
        Map<String, Map<String, Long>> merged = local(store, from, to);
        if (!localOnly) {
            for (HostInfo host : otherHosts()) {
                remote(host, "/v1/stats/series/" + store + "?scope=local&from=" + from + "&to=" + to, SERIES, authorization)
                        .forEach((key, windows) -> merged.computeIfAbsent(key, k -> new TreeMap<>()).putAll(windows));
            }
        }
        return merged;
    }

    /** One key's windows, from the instance that owns the key. */
    public Map<String, Long> seriesOf(String store, String key, Instant from, Instant to, String authorization) {
        KeyQueryMetadata owner = kafkaStreams().queryMetadataForKey(store, key, Serdes.String().serializer());
        if (owner == null || owner.activeHost() == null || owner.activeHost().equals(self) || owner.activeHost().port() < 0) {
            return localOf(store, key, from, to);
        }
        return remote(owner.activeHost(), "/v1/stats/series/" + store + "?scope=local&from=" + from + "&to=" + to + "&key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8), SERIES, authorization).getOrDefault(key, Map.of());
    }

    /**
     * The loaded domains' running totals, by {@link StreamsTotals#name()}: per key (a currency, say),
     * the figures. Each instance holds the keys of its partitions; the others are asked for theirs.
     */
    public Map<String, Map<String, Map<String, Long>>> totals(boolean localOnly, String authorization) {
        Map<String, Map<String, Map<String, Long>>> all = new TreeMap<>();
        for (StreamsTotals kept : totals.all()) {
            Map<String, Map<String, Long>> byKey = all.computeIfAbsent(kept.name(), name -> new TreeMap<>());
            ReadOnlyKeyValueStore<String, String> store = kafkaStreams().store(StoreQueryParameters.fromNameAndType(kept.store(),
                    QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, String> entries = store.all()) {
                entries.forEachRemaining(entry -> byKey.put(entry.key, kept.figures(entry.value)));
            }
        }
        if (!localOnly) {
            for (HostInfo host : otherHosts()) {
                remote(host, "/v1/stats/totals?scope=local", TOTALS, authorization)
                        .forEach((name, byKey) -> all.computeIfAbsent(name, n -> new TreeMap<>()).putAll(byKey));
            }
        }
        return all;
    }

    Map<String, Map<String, Long>> local(String store, Instant from, Instant to) {
        Map<String, Map<String, Long>> series = new TreeMap<>();
        try (KeyValueIterator<Windowed<String>, Long> all = windowStore(store).fetchAll(from, to)) {
            all.forEachRemaining(entry -> series.computeIfAbsent(entry.key.key(), k -> new TreeMap<>())
                    .put(entry.key.window().startTime().toString(), entry.value));
        }
        return series;
    }

    Map<String, Long> localOf(String store, String key, Instant from, Instant to) {
        Map<String, Long> windows = new TreeMap<>();
        try (WindowStoreIterator<Long> fetched = windowStore(store).fetch(key, from, to)) {
            fetched.forEachRemaining((KeyValue<Long, Long> entry) -> windows.put(Instant.ofEpochMilli(entry.key).toString(), entry.value));
        }
        return windows;
    }

    private ReadOnlyWindowStore<String, Long> windowStore(String store) {
        return kafkaStreams().store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.windowStore()));
    }

    private KafkaStreams kafkaStreams() {
        return streams.getStreams().keySet().iterator().next();
    }

    private java.util.List<HostInfo> otherHosts() {
        return kafkaStreams().metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(self) && host.port() > 0).distinct().toList();
    }

    /** Asks another instance with the caller's own credentials, so it applies the same access rules. */
    private <T> T remote(HostInfo host, String path, TypeReference<T> type, String authorization) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
                    .header("Authorization", authorization).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new InvalidStateStoreException("instance " + host + " answered " + response.statusCode());
            }
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            // An owner that cannot answer is, for the caller, a store not available yet.
            throw new InvalidStateStoreException("instance " + host + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
