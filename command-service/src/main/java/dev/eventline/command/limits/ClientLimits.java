package dev.eventline.command.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.eventline.command.admission.AdmissionSettings;
import dev.eventline.command.admission.AdmissionTopology;
import dev.eventline.schemas.envelope.ClientRateLimit;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.KafkaClients;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.configuration.kafka.streams.KafkaStreamsFactory;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Per-client rate limits: written as {@link ClientRateLimit} records to the compacted
 * {@code <ns>.client-limits} (the admission stage reads it as a global table, so every instance
 * applies a change without a restart), read back from this instance's copy of that table.
 */
@Singleton
public class ClientLimits implements AutoCloseable {

    /** A client's limit and whether it is its own or the configured default. */
    public record Effective(String clientId, long capacity, long refillTokens, long refillPeriodMillis, boolean isDefault,
                            Instant updatedAt, String updatedBy) {
    }

    private final KafkaStreamsFactory streams;
    private final AdmissionSettings defaults;
    private final KafkaProducer<String, ClientRateLimit> producer;
    private final String topic;
    private final Duration sendTimeout;

    public ClientLimits(KafkaStreamsFactory streams, AdmissionSettings defaults, EventlineTopics topics,
                        KafkaClients kafka,
                        @Value("${eventline.edge.send-timeout:5s}") Duration sendTimeout) {
        this.streams = streams;
        this.defaults = defaults;
        this.topic = topics.clientLimits().name();
        this.sendTimeout = sendTimeout;
        int timeout = (int) sendTimeout.toMillis();
        this.producer = kafka.producer(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "client-limits-admin",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeout - 1000),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout),
                new StringSerializer(), topics.clientLimits().valueSerde().serializer());
    }

    public Effective effective(String clientId) {
        return own(clientId).orElseGet(() -> new Effective(clientId, defaults.defaultCapacity(), defaults.defaultRefillTokens(),
                defaults.defaultRefillPeriod().toMillis(), true, null, null));
    }

    public Optional<Effective> own(String clientId) {
        ValueAndTimestamp<ClientRateLimit> stored = store().get(clientId);
        return stored == null || stored.value() == null || stored.value().getDeleted() ? Optional.empty() : Optional.of(of(stored.value()));
    }

    public List<Effective> all() {
        List<Effective> limits = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<ClientRateLimit>> all = store().all()) {
            all.forEachRemaining(entry -> {
                if (entry.value != null && entry.value.value() != null && !entry.value.value().getDeleted()) {
                    limits.add(of(entry.value.value()));
                }
            });
        }
        return limits;
    }

    public Effective defaults() {
        return effective("\u0000default");
    }

    /** Sets a client's limit; completes once the broker has it. */
    public CompletableFuture<Effective> put(String clientId, long capacity, long refillTokens, long refillPeriodMillis, String by) {
        ClientRateLimit limit = ClientRateLimit.newBuilder().setClientId(clientId).setCapacity(capacity).setRefillTokens(refillTokens)
                .setRefillPeriodMillis(refillPeriodMillis).setUpdatedAt(Instant.now()).setUpdatedBy(by).setDeleted(false).build();
        return send(limit).thenApply(ignored -> of(limit));
    }

    /** Returns the client to the defaults; the record stays (as deleted) so the change is on the log with who made it. */
    public CompletableFuture<Void> delete(String clientId, String by) {
        ClientRateLimit limit = ClientRateLimit.newBuilder().setClientId(clientId).setCapacity(0).setRefillTokens(0)
                .setRefillPeriodMillis(0).setUpdatedAt(Instant.now()).setUpdatedBy(by).setDeleted(true).build();
        return send(limit).thenApply(ignored -> null);
    }

    private CompletableFuture<Void> send(ClientRateLimit limit) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, limit.getClientId(), limit), (metadata, error) -> {
                if (error != null) {
                    sent.completeExceptionally(error);
                } else {
                    sent.complete(null);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent.orTimeout(sendTimeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static Effective of(ClientRateLimit limit) {
        return new Effective(limit.getClientId(), limit.getCapacity(), limit.getRefillTokens(), limit.getRefillPeriodMillis(), false,
                limit.getUpdatedAt(), limit.getUpdatedBy());
    }

    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<ClientRateLimit>> store() {
        KafkaStreams admission = null;
        for (Map.Entry<KafkaStreams, ConfiguredStreamBuilder> entry : streams.getStreams().entrySet()) {
            if ("admission".equals(entry.getValue().getName())) {
                admission = entry.getKey();
            }
        }
        if (admission == null) {
            throw new IllegalStateException("the admission stage is not running in this instance");
        }
        return admission.store(StoreQueryParameters.fromNameAndType(AdmissionTopology.LIMITS_STORE,
                QueryableStoreTypes.timestampedKeyValueStore()));
    }

    @PreDestroy
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
