package dev.eventline.schemas.serde;

import java.util.Map;

import dev.eventline.schemas.registry.SchemaRegistryClient;
import dev.eventline.schemas.registry.SubjectNameStrategy;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The Confluent wire-format serializer and deserializer as one Kafka {@link Serde}, for Streams. */
public final class ConfluentAvroSerde<T extends IndexedRecord> implements Serde<T> {

    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;

    public ConfluentAvroSerde() {
        this.serializer = new ConfluentAvroSerializer<>();
        this.deserializer = new ConfluentAvroDeserializer<>();
    }

    /** A ready serde sharing one registry client (and so one cache). */
    public ConfluentAvroSerde(SchemaRegistryClient client, boolean autoRegister, boolean isKey) {
        this.serializer = new ConfluentAvroSerializer<>(client, autoRegister, SubjectNameStrategy.TOPIC_RECORD, isKey);
        this.deserializer = new ConfluentAvroDeserializer<>(client, true);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
