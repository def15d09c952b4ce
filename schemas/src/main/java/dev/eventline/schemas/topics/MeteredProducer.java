package dev.eventline.schemas.topics;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serializer;

/** A producer whose metrics ({@code kafka_producer_*}) are in the registry from its start to its close. */
final class MeteredProducer<K, V> extends KafkaProducer<K, V> {

    private final KafkaClientMetrics metrics;

    MeteredProducer(Map<String, Object> config, Serializer<K> keys, Serializer<V> values, MeterRegistry registry) {
        super(config, keys, values);
        this.metrics = new KafkaClientMetrics(this);
        metrics.bindTo(registry);
    }

    @Override
    public void close() {
        try {
            super.close(); // calls close(Duration) too: closing the binder twice is harmless
        } finally {
            metrics.close();
        }
    }

    @Override
    public void close(Duration timeout) {
        try {
            super.close(timeout);
        } finally {
            metrics.close();
        }
    }
}
