package dev.eventline.command.streams;

import dev.eventline.schemas.stores.UncleanShutdownWipe;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.configuration.kafka.streams.KafkaStreamsFactory;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.event.BeanDestroyedEvent;
import io.micronaut.context.event.BeanDestroyedEventListener;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Wipes an exactly-once stage's local state before it is built when its last close was not clean,
 * and records a clean close once micronaut-kafka has closed the stages ({@link UncleanShutdownWipe}).
 */
@Singleton
class StageStateWipe implements BeanCreatedEventListener<ConfiguredStreamBuilder>, BeanDestroyedEventListener<KafkaStreamsFactory> {

    @Override
    public ConfiguredStreamBuilder onCreated(BeanCreatedEvent<ConfiguredStreamBuilder> event) {
        UncleanShutdownWipe.beforeStart(event.getBean().getConfiguration());
        return event.getBean();
    }

    @Override
    public void onDestroyed(BeanDestroyedEvent<KafkaStreamsFactory> event) {
        event.getBean().getStreams().forEach((streams, builder) -> {
            if (streams.state() == KafkaStreams.State.NOT_RUNNING) {
                UncleanShutdownWipe.closedCleanly(builder.getConfiguration());
            }
        });
    }
}
