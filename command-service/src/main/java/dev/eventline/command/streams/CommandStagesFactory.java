package dev.eventline.command.streams;

import java.time.Duration;

import dev.eventline.command.CommandOutcomeObserver;
import dev.eventline.command.admission.AdmissionSettings;
import dev.eventline.command.admission.AdmissionTopology;
import dev.eventline.command.decide.DecideSettings;
import dev.eventline.command.decide.DecideTopology;
import dev.eventline.domain.Domains;
import dev.eventline.schemas.topics.EventlineTopics;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The command service's two Kafka Streams applications; Micronaut owns their lifecycle (start
 * with the context, close on shutdown). The decide stage is micronaut-kafka's {@code default}
 * stream ({@code kafka.streams.default.*}): the framework always creates that builder, and an
 * empty one would not start. Admission is {@code kafka.streams.admission.*}.
 */
@Factory
public class CommandStagesFactory {

    /** The stream name the decide stage runs under. */
    public static final String DECIDE = "default";

    /** A client's limits when it has none of its own ({@code eventline.admission.*}). */
    @Singleton
    AdmissionSettings admissionSettings(@Value("${eventline.admission.default-capacity}") long capacity,
                                        @Value("${eventline.admission.default-refill-tokens}") long refillTokens,
                                        @Value("${eventline.admission.default-refill-period}") Duration refillPeriod,
                                        @Value("${eventline.idempotency-retention}") Duration retention,
                                        @Value("${eventline.purge-interval}") Duration purgeInterval) {
        return new AdmissionSettings(capacity, refillTokens, refillPeriod, retention, purgeInterval);
    }

    @Singleton
    @Named("admission")
    KStream<String, byte[]> admission(@Named("admission") ConfiguredStreamBuilder builder, EventlineTopics topics, AdmissionSettings settings,
                                      CommandOutcomeObserver observer) {
        return AdmissionTopology.build(builder, topics, settings, observer);
    }

    @Singleton
    @Named(DECIDE)
    KStream<String, byte[]> decide(@Named(DECIDE) ConfiguredStreamBuilder builder, EventlineTopics topics, Domains domains,
                                   @Value("${eventline.idempotency-retention}") Duration retention,
                                   @Value("${eventline.purge-interval}") Duration purgeInterval, CommandOutcomeObserver observer) {
        return DecideTopology.build(builder, topics, domains, new DecideSettings(retention, purgeInterval), observer);
    }
}
