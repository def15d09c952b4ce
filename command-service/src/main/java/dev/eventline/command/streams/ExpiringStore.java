package dev.eventline.command.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A state store whose entries expire some time after they were written (outcomes kept to answer
 * retries, idempotency keys), purged at a cost that follows what expired, not what is kept: each
 * write also goes to an index store whose keys sort by time (big-endian milliseconds, then the
 * key), so a purge reads only the expired end of the index. The index is a hint: an entry is
 * removed only when its own value says it has expired (it may have been written again since), and
 * a slow sweep over the store itself, a slice per purge, removes what expired and indexes what the
 * index lacks (entries from before there was an index; an at-least-once task that crashed between
 * the two writes).
 */
public final class ExpiringStore<V> {

    /** One index key: when the entry was written, and its key. */
    public record Written(long atMillis, String key) {
    }

    /** Expired entries removed through the index per purge, so that one punctuation never holds the stream thread for long. */
    static final int PURGE_BATCH = 10_000;
    /** Entries of the store itself looked at per purge by the sweep. */
    static final int SWEEP_SLICE = 1_000;
    private static final byte[] NOTHING = new byte[0];

    /** Big-endian milliseconds first, so that the store's byte order is time order. */
    static final Serde<Written> WRITTEN = Serdes.serdeFrom(
            (topic, written) -> {
                byte[] key = written.key().getBytes(StandardCharsets.UTF_8);
                return ByteBuffer.allocate(Long.BYTES + key.length).putLong(written.atMillis()).put(key).array();
            },
            (topic, bytes) -> {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                long at = buffer.getLong();
                return new Written(at, new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8));
            });

    private final KeyValueStore<String, V> store;
    private final KeyValueStore<Written, byte[]> index;
    private final ToLongFunction<V> writtenAt;
    private String sweepFrom;

    public ExpiringStore(KeyValueStore<String, V> store, KeyValueStore<Written, byte[]> index, ToLongFunction<V> writtenAt) {
        this.store = store;
        this.index = index;
        this.writtenAt = writtenAt;
    }

    /** The index store beside a store named {@code storeName}, named {@code <storeName>-expiry}. */
    public static StoreBuilder<KeyValueStore<Written, byte[]>> indexBuilder(String storeName) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(indexName(storeName)), WRITTEN, Serdes.ByteArray());
    }

    public static String indexName(String storeName) {
        return storeName + "-expiry";
    }

    public V get(String key) {
        return store.get(key);
    }

    public void put(String key, V value) {
        store.put(key, value);
        index.put(new Written(writtenAt.applyAsLong(value), key), NOTHING);
    }

    /** Removes entries written before {@code horizonMillis}: up to {@link #PURGE_BATCH} through the index, then a slice of the sweep. */
    public void purge(long horizonMillis) {
        List<Written> due = new ArrayList<>();
        // Up to (horizon, ""): every entry written before the horizon; no key is empty.
        try (KeyValueIterator<Written, byte[]> expired = index.range(new Written(0, ""), new Written(horizonMillis, ""))) {
            while (expired.hasNext() && due.size() < PURGE_BATCH) {
                due.add(expired.next().key);
            }
        }
        for (Written written : due) {
            index.delete(written);
            V value = store.get(written.key());
            if (value != null && writtenAt.applyAsLong(value) < horizonMillis) {
                store.delete(written.key());
            }
        }
        sweep(horizonMillis);
    }

    /**
     * A slice of the store itself, in key order, from where the last slice stopped: removes what
     * expired and indexes what the index lacks (entries written before there was an index, or whose
     * index write a crash lost), so the index heals itself and nothing outlives a full sweep.
     */
    private void sweep(long horizonMillis) {
        List<String> expired = new ArrayList<>();
        List<Written> unindexed = new ArrayList<>();
        int seen = 0;
        String last = null;
        try (KeyValueIterator<String, V> slice = store.range(sweepFrom, null)) {
            while (slice.hasNext() && seen < SWEEP_SLICE) {
                var entry = slice.next();
                seen++;
                last = entry.key;
                long at = writtenAt.applyAsLong(entry.value);
                if (at < horizonMillis) {
                    expired.add(entry.key);
                } else if (index.get(new Written(at, entry.key)) == null) {
                    unindexed.add(new Written(at, entry.key));
                }
            }
            sweepFrom = slice.hasNext() ? last : null; // from the start again once through
        }
        expired.forEach(store::delete);
        unindexed.forEach(written -> index.put(written, NOTHING));
    }
}
