package dev.eventline.schemas.topics;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/** A consumer whose metrics ({@code kafka_consumer_*}) are in the registry from its start to its close. */
final class MeteredConsumer<K, V> extends KafkaConsumer<K, V> {

    private final KafkaClientMetrics metrics;

    MeteredConsumer(Map<String, Object> config, Deserializer<K> keys, Deserializer<V> values, MeterRegistry registry) {
        super(config, keys, values);
        this.metrics = new KafkaClientMetrics(this);
        metrics.bindTo(registry);
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            metrics.close();
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public void close(Duration timeout) {
        try {
            super.close(timeout);
        } finally {
            metrics.close();
        }
    }

    @Override
    public void close(CloseOptions options) {
        try {
            super.close(options);
        } finally {
            metrics.close();
        }
    }
}
