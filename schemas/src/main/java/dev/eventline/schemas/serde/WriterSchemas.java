package dev.eventline.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventline.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * A record as it was written: decoded with the schema its id names rather than the reader's. A
 * hash over a record's Avro encoding holds only in that schema (a later version with an added
 * field encodes other bytes), so whoever checks a hash chain reads through this.
 */
public final class WriterSchemas {

    /** The schema an id names, and whether it is the one the reader's classes were generated from. */
    private record Writer(Schema schema, boolean isReaders) {
    }

    private final SchemaRegistryClient registry;
    private final Map<Integer, Writer> writers = new ConcurrentHashMap<>();
    private final Map<Schema, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

    public WriterSchemas(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /**
     * The record in the Confluent wire format {@code value}, decoded with its writer's schema.
     * When that is the schema {@code decoded} already has (the usual case), {@code decoded} itself:
     * it encodes to the very bytes that were written, so no second decoding is needed.
     */
    public IndexedRecord asWritten(String topic, byte[] value, IndexedRecord decoded) {
        int id = WireFormat.readSchemaId(ByteBuffer.wrap(value), topic);
        Writer writer = writers.computeIfAbsent(id, i -> {
            Schema schema = registry.schemaById(i);
            return new Writer(schema, schema.equals(decoded.getSchema()));
        });
        if (writer.isReaders()) {
            return decoded;
        }
        try {
            return readers.computeIfAbsent(writer.schema(), w -> new GenericDatumReader<>(w, w))
                    .read(null, DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_SIZE, value.length - WireFormat.HEADER_SIZE, null));
        } catch (IOException e) {
            throw new UncheckedIOException("a record on " + topic + " does not decode with its writer's schema " + id, e);
        }
    }
}
