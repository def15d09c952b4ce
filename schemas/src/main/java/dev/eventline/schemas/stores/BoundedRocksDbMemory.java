package dev.eventline.schemas.stores;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the off-heap memory of every RocksDB state store of this process together, as Kafka
 * Streams' memory-management guide does: one LRU block cache shared by all stores, with the
 * memtables, index and filter blocks counted against it. Kafka's default gives each store instance
 * (one per store and partition) its own 50 MiB cache and up to three 16 MiB memtables, so memory
 * grows with partitions and with the data read, up to gigabytes for a service with a few stores
 * over 12 partitions.
 *
 * <p>Set as {@code rocksdb.config.setter} of a Streams application; its sizes come from the same
 * configuration ({@value #TOTAL_BYTES}, {@value #MEMTABLE_BYTES}). The first store opened in the
 * process sizes the shared cache: every Streams application of the process shares one budget.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Off-heap bytes of all stores together: block cache, memtables, index and filter blocks. */
    public static final String TOTAL_BYTES = "eventline.store-memory.total-bytes";
    /** The part of {@link #TOTAL_BYTES} that memtables may take before RocksDB flushes one. */
    public static final String MEMTABLE_BYTES = "eventline.store-memory.memtable-bytes";
    static final long DEFAULT_TOTAL_BYTES = 128L << 20;
    static final long DEFAULT_MEMTABLE_BYTES = 64L << 20;
    /** Each memtable's size: small, since many store instances share the memtable budget. */
    private static final long MEMTABLE_SIZE = 4L << 20;
    /**
     * A memtable takes memory in blocks of this size from the first write on. At RocksDB's default
     * (an eighth of the memtable) some 70 store instances of a service held most of the memtable
     * budget with nearly empty memtables, so each write flushed its store's few kilobytes.
     */
    private static final long ARENA_BLOCK_SIZE = 64L << 10;
    /** Index and filter blocks may keep this share of the cache at high priority. */
    private static final double INDEX_FILTER_SHARE = 0.1;

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRocksDbMemory.class);
    private static Shared shared;

    /** The process's cache and memtable budget; never closed: stores open and close with rebalances. */
    record Shared(long totalBytes, long memtableBytes, Cache cache, WriteBufferManager writeBuffers) {
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared memory = shared(bytes(configs, TOTAL_BYTES, DEFAULT_TOTAL_BYTES), bytes(configs, MEMTABLE_BYTES, DEFAULT_MEMTABLE_BYTES));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setWriteBufferSize(MEMTABLE_SIZE);
        options.setMaxWriteBufferNumber(2);
        options.setArenaBlockSize(ARENA_BLOCK_SIZE);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: they outlive each one.
    }

    static synchronized Shared shared(long totalBytes, long memtableBytes) {
        if (memtableBytes >= totalBytes) {
            throw new IllegalArgumentException(MEMTABLE_BYTES + " (" + memtableBytes + ") must be less than " + TOTAL_BYTES + " (" + totalBytes + ")");
        }
        if (shared == null) {
            Cache cache = new LRUCache(totalBytes, -1, false, INDEX_FILTER_SHARE);
            shared = new Shared(totalBytes, memtableBytes, cache, new WriteBufferManager(memtableBytes, cache));
            LOG.info("RocksDB state stores share {} MiB off-heap, {} MiB of it for memtables", totalBytes >> 20, memtableBytes >> 20);
        } else if (shared.totalBytes() != totalBytes || shared.memtableBytes() != memtableBytes) {
            LOG.warn("RocksDB memory already sized at {} / {} bytes in this process; {} / {} ignored",
                    shared.totalBytes(), shared.memtableBytes(), totalBytes, memtableBytes);
        }
        return shared;
    }

    private static long bytes(Map<String, Object> configs, String key, long defaultValue) {
        Object value = configs.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            return defaultValue;
        }
        long bytes = Long.parseLong(String.valueOf(value).trim());
        if (bytes <= 0) {
            throw new IllegalArgumentException(key + " must be positive, not " + value);
        }
        return bytes;
    }
}
