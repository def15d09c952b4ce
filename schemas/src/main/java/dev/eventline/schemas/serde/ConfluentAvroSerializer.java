package dev.eventline.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventline.schemas.TrustedPackages;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.registry.SchemaRegistryClient;
import dev.eventline.schemas.registry.SchemaRegistryException;
import dev.eventline.schemas.registry.SubjectNameStrategy;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (specific or generic) in Confluent's wire format, registering each record
 * type's schema under the configured subject name strategy (or only looking it up when
 * auto-registration is off, as production deployments usually run).
 */
public final class ConfluentAvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private SchemaRegistryClient client;
    private boolean autoRegister = true;
    private SubjectNameStrategy strategy = SubjectNameStrategy.TOPIC_RECORD;
    private boolean isKey;
    private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    static {
        TrustedPackages.ensureInstalled();
    }

    /** For Kafka's reflective construction; {@link #configure} supplies the registry. */
    public ConfluentAvroSerializer() {
    }

    public ConfluentAvroSerializer(SchemaRegistryClient client, boolean autoRegister, SubjectNameStrategy strategy, boolean isKey) {
        this.client = client;
        this.autoRegister = autoRegister;
        this.strategy = strategy;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        if (client == null) {
            client = new RestSchemaRegistryClient(config.registry());
        }
        autoRegister = config.autoRegister();
        strategy = config.strategy(isKey);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        int id = schemaId(topic, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(ByteBuffer.allocate(WireFormat.HEADER_SIZE).put(WireFormat.MAGIC_BYTE).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s))).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " to " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic, Schema schema) {
        Map<Schema, Integer> forTopic = ids.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        Integer known = forTopic.get(schema);
        if (known != null) {
            return known;
        }
        String subject = strategy.subject(topic, isKey, schema);
        try {
            int id = autoRegister ? client.register(subject, schema)
                    : client.lookup(subject, schema).orElseThrow(() -> new SerializationException(
                            "schema of " + schema.getFullName() + " is not registered under subject " + subject
                                    + " and auto-registration is off")).id();
            forTopic.put(schema, id);
            return id;
        } catch (SchemaRegistryException e) {
            throw new SerializationException("registry refused " + schema.getFullName() + " for subject " + subject + ": "
                    + e.getMessage(), e);
        }
    }
}
