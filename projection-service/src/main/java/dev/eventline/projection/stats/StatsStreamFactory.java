package dev.eventline.projection.stats;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.projection.ledger.LedgerTotalsTopology;
import dev.eventline.schemas.topics.EventlineTopics;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.kstream.KStream;

/** The statistics run as micronaut-kafka's {@code default} stream ({@code kafka.streams.default.*}); Micronaut owns its lifecycle. */
@Factory
public class StatsStreamFactory {

    public static final String STREAM = "default";

    @Singleton
    @Named(STREAM)
    KStream<String, byte[]> stats(@Named(STREAM) ConfiguredStreamBuilder builder, EventlineTopics topics, Domains domains) {
        KStream<String, byte[]> events = StatsTopology.build(builder, topics, domains.all().stream().map(AggregateType::name).toList());
        if (LedgerTotalsTopology.applies(domains)) {
            LedgerTotalsTopology.build(builder, events, topics);
        }
        return events;
    }
}
