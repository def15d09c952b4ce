package dev.eventline.projection.stats;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.projection.streams.StreamsTotals;
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
    LoadedTotals loadedTotals() {
        return new LoadedTotals(StreamsTotals.discover());
    }

    @Singleton
    @Named(STREAM)
    KStream<String, byte[]> stats(@Named(STREAM) ConfiguredStreamBuilder builder, EventlineTopics topics, Domains domains,
                                  LoadedTotals totals) {
        KStream<String, byte[]> events = StatsTopology.build(builder, topics, domains.all().stream().map(AggregateType::name).toList());
        totals.all().forEach(kept -> kept.build(builder, events, topics)); // a domain's totals, fed by the same stream
        return events;
    }
}
