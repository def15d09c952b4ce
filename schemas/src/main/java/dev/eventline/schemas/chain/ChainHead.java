package dev.eventline.schemas.chain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import org.apache.avro.generic.IndexedRecord;

/**
 * Where an aggregate's verified chain ends: the version and hash of its last event that checked
 * out. The one rule of what follows it, shared by the guarded projections (which apply only what
 * follows) and {@code replay verify} (which folds only what follows), so the two never disagree on
 * which events are the aggregate's history.
 */
public record ChainHead(long version, byte[] hash) {

    /** Before an aggregate's first event. */
    public static ChainHead genesis() {
        return new ChainHead(0, HashChain.genesis());
    }

    /**
     * The first rule the event breaks, or empty when it follows this head: stored under its
     * aggregate's id, the next version, chained to this head's hash, and its own hash that of its
     * content. {@code asWritten} is the envelope decoded with the schema it was written with.
     */
    public Optional<ChainBreak> check(String key, String aggregateId, long eventVersion, IndexedRecord asWritten) {
        if (!aggregateId.equals(key)) {
            return broken(ChainBreak.Kind.KEY_MISMATCH, "record key " + key + " is not the aggregate id " + aggregateId);
        }
        if (eventVersion != version + 1) {
            return broken(ChainBreak.Kind.VERSION_GAP, "version " + eventVersion + " where " + (version + 1) + " was due");
        }
        byte[] prev = HashChain.prevHashOf(asWritten);
        if (!Arrays.equals(prev, hash)) {
            return broken(ChainBreak.Kind.CHAIN_BROKEN, "prevHash " + hex(prev) + " is not the previous event's hash " + hex(hash));
        }
        byte[] content = HashChain.hash(prev, asWritten);
        byte[] stored = HashChain.hashOf(asWritten);
        if (!Arrays.equals(stored, content)) {
            return broken(ChainBreak.Kind.HASH_MISMATCH, "stored hash " + hex(stored) + " is not the hash of the event's content " + hex(content));
        }
        return Optional.empty();
    }

    /** The head once an event that follows it is verified. */
    public ChainHead next(long eventVersion, IndexedRecord asWritten) {
        return new ChainHead(eventVersion, HashChain.hashOf(asWritten));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainHead head && head.version == version && Arrays.equals(head.hash, hash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "ChainHead[v" + version + " " + hex(hash) + "]";
    }

    private static Optional<ChainBreak> broken(ChainBreak.Kind kind, String detail) {
        return Optional.of(new ChainBreak(kind, detail));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
