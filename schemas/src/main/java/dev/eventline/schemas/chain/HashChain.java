package dev.eventline.schemas.chain;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import dev.eventline.schemas.TrustedPackages;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
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
    private static final byte[] NO_BYTES = new byte[0];

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
        MessageDigest sha256 = sha256();
        sha256.update(prevHash);
        // The canonical bytes go straight into the digest: no copy of the envelope, no byte array.
        try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            canonicalWriter(envelope).write(envelope, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /**
     * Writes the envelope as it is, except that its metadata's {@code prevHash} and {@code hash} are
     * written as empty bytes: the canonical form, without copying the envelope to blank them.
     */
    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> canonicalWriter(IndexedRecord envelope) {
        Schema schema = envelope.getSchema();
        Schema metadata = metadata(envelope).getSchema();
        if (envelope instanceof SpecificRecord) {
            return new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema)) {
                @Override
                protected void writeField(Object datum, Schema.Field f, Encoder out, Object state) throws IOException {
                    if (!blank(datum, f, metadata, out)) {
                        super.writeField(datum, f, out, state);
                    }
                }
            };
        }
        return new GenericDatumWriter<>(schema, GenericData.get()) {
            @Override
            protected void writeField(Object datum, Schema.Field f, Encoder out, Object state) throws IOException {
                if (!blank(datum, f, metadata, out)) {
                    super.writeField(datum, f, out, state);
                }
            }
        };
    }

    /**
     * Writes empty bytes for the metadata's own hashes (as the bytes branch where the field is a
     * union, as writing an empty buffer would); false for every other field.
     */
    private static boolean blank(Object datum, Schema.Field field, Schema metadata, Encoder out) throws IOException {
        if ((field.name().equals("prevHash") || field.name().equals("hash")) && datum instanceof IndexedRecord record
                && record.getSchema() == metadata) {
            Schema type = field.schema();
            if (type.getType() == Schema.Type.UNION) {
                Integer bytes = type.getIndexNamed(Schema.Type.BYTES.getName());
                if (bytes == null) {
                    throw new IllegalArgumentException(metadata.getFullName() + "." + field.name() + " cannot hold bytes");
                }
                out.writeIndex(bytes);
            }
            out.writeBytes(NO_BYTES);
            return true;
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
