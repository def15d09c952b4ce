package dev.eventline.schemas.chain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import dev.eventline.schemas.TrustedPackages;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Each aggregate's events form a hash chain: {@code hash = SHA-256(prevHash || canonical bytes)},
 * where the canonical bytes are the Avro binary encoding of the whole envelope (metadata and
 * payload) with {@code prevHash} and {@code hash} set to empty bytes, in the schema the event was
 * written with. Version 1 chains from 32 zero bytes.
 *
 * <p>Verifiers must encode with the writer's schema (decode the record generically with the
 * schema its id names), not the current one: a later schema version with an added field would
 * otherwise encode different bytes and break every old hash.
 *
 * <p>Works on any domain's envelope: a record whose {@code metadata} field holds {@code prevHash}
 * and {@code hash}.
 */
public final class HashChain {

    public static final int HASH_BYTES = 32;
    private static final byte[] GENESIS = new byte[HASH_BYTES];
    private static final ByteBuffer EMPTY = ByteBuffer.wrap(new byte[0]);

    static {
        TrustedPackages.ensureInstalled();
    }

    private HashChain() {
    }

    /** The previous hash of an aggregate's first event. */
    public static byte[] genesis() {
        return GENESIS.clone();
    }

    /** The hash the envelope must carry when it follows {@code prevHash}; the envelope is not changed. */
    public static byte[] hash(byte[] prevHash, IndexedRecord envelope) {
        if (prevHash.length != HASH_BYTES) {
            throw new IllegalArgumentException("a previous hash has " + HASH_BYTES + " bytes, not " + prevHash.length);
        }
        Schema schema = envelope.getSchema();
        GenericData model = envelope instanceof SpecificRecord ? SpecificData.getForSchema(schema) : GenericData.get();
        IndexedRecord blank = (IndexedRecord) model.deepCopy(schema, envelope);
        IndexedRecord metadata = metadata(blank);
        metadata.put(field(metadata, "prevHash"), EMPTY.duplicate());
        metadata.put(field(metadata, "hash"), EMPTY.duplicate());
        MessageDigest sha256 = sha256();
        sha256.update(prevHash);
        sha256.update(encode(model, schema, blank));
        return sha256.digest();
    }

    /** Sets the envelope's prevHash and hash so that it follows {@code prevHash}; returns the new hash. */
    public static byte[] seal(IndexedRecord envelope, byte[] prevHash) {
        byte[] hash = hash(prevHash, envelope);
        IndexedRecord metadata = metadata(envelope);
        metadata.put(field(metadata, "prevHash"), ByteBuffer.wrap(prevHash.clone()));
        metadata.put(field(metadata, "hash"), ByteBuffer.wrap(hash));
        return hash;
    }

    /** True when the envelope's hash is the hash of its content after its own prevHash. */
    public static boolean isIntact(IndexedRecord envelope) {
        byte[] prev = bytes(metadata(envelope).get(field(metadata(envelope), "prevHash")));
        byte[] stored = bytes(metadata(envelope).get(field(metadata(envelope), "hash")));
        return prev.length == HASH_BYTES && Arrays.equals(stored, hash(prev, envelope));
    }

    public static byte[] prevHashOf(IndexedRecord envelope) {
        return bytes(metadata(envelope).get(field(metadata(envelope), "prevHash")));
    }

    public static byte[] hashOf(IndexedRecord envelope) {
        return bytes(metadata(envelope).get(field(metadata(envelope), "hash")));
    }

    private static IndexedRecord metadata(IndexedRecord envelope) {
        Schema.Field field = envelope.getSchema().getField("metadata");
        if (field == null) {
            throw new IllegalArgumentException(envelope.getSchema().getFullName() + " is not an envelope: it has no metadata field");
        }
        return (IndexedRecord) envelope.get(field.pos());
    }

    private static int field(IndexedRecord record, String name) {
        Schema.Field field = record.getSchema().getField(name);
        if (field == null) {
            throw new IllegalArgumentException(record.getSchema().getFullName() + " has no " + name + " field");
        }
        return field.pos();
    }

    private static byte[] bytes(Object value) {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static byte[] encode(GenericData model, Schema schema, IndexedRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            ((DatumWriter<Object>) model.createDatumWriter(schema)).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
