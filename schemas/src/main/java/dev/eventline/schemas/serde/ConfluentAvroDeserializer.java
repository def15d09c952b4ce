package dev.eventline.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventline.schemas.TrustedPackages;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.registry.SchemaRegistryClient;
import dev.eventline.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records. The writer's schema comes from the registry by id; the
 * reader's is the generated class of the same full name when there is one (so old records are
 * resolved into the current classes), else the writer's own, as a generic record.
 */
public final class ConfluentAvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {

    private SchemaRegistryClient client;
    private boolean specificReader = true;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    static {
        TrustedPackages.ensureInstalled();
    }

    public ConfluentAvroDeserializer() {
    }

    public ConfluentAvroDeserializer(SchemaRegistryClient client, boolean specificReader) {
        this.client = client;
        this.specificReader = specificReader;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        if (client == null) {
            client = new RestSchemaRegistryClient(config.registry());
        }
        specificReader = config.specificReader();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int id = WireFormat.readSchemaId(buffer, topic);
        try {
            DatumReader<Object> reader = readers.computeIfAbsent(id, this::readerFor);
            return (T) reader.read(null, DecoderFactory.get().binaryDecoder(data, buffer.position(), buffer.remaining(), null));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("cannot fetch schema " + id + " for a record on " + topic + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode a record on " + topic + " written with schema " + id + ": " + e, e);
        }
    }

    private DatumReader<Object> readerFor(int id) {
        Schema writer = client.schemaById(id);
        if (specificReader) {
            Class<?> generated = SpecificData.get().getClass(writer);
            if (generated != null && IndexedRecord.class.isAssignableFrom(generated)) {
                Schema reader = SpecificData.get().getSchema(generated);
                return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
            }
        }
        return new org.apache.avro.generic.GenericDatumReader<>(writer, writer, GenericData.get());
    }
}
