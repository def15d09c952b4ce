package dev.eventline.command.streams;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.configuration.kafka.streams.KafkaStreamsFactory;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/**
 * Ready only while every stage is RUNNING. micronaut-kafka's own indicator also counts
 * REBALANCING as up, but a rebalancing stage serves no command. Liveness does not depend on it.
 */
@Singleton
@Readiness
public class StreamsReadiness implements HealthIndicator {

    private final KafkaStreamsFactory streams;

    public StreamsReadiness(KafkaStreamsFactory streams) {
        this.streams = streams;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, String> states = new LinkedHashMap<>();
        boolean running = !streams.getStreams().isEmpty();
        for (Map.Entry<KafkaStreams, ConfiguredStreamBuilder> entry : streams.getStreams().entrySet()) {
            KafkaStreams.State state = entry.getKey().state();
            String name = entry.getValue().getName();
            states.put(CommandStagesFactory.DECIDE.equals(name) ? "decide" : name, state.name());
            running &= state == KafkaStreams.State.RUNNING;
        }
        return Publishers.just(HealthResult.builder("command-stages", running ? HealthStatus.UP : HealthStatus.DOWN).details(states).build());
    }
}
