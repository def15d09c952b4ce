package dev.eventline.schemas.topics;

import java.util.Map;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic as code refers to it: its name, its key and value serdes, and how it is created.
 * Code never spells a topic name; it asks {@link EventlineTopics} for the descriptor.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs, boolean fixedPartitions) {

    public Topic {
        configs = Map.copyOf(configs);
    }
}
