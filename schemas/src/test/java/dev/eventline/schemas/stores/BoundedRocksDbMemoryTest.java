package dev.eventline.schemas.stores;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every RocksDB store of the process draws on one cache of the configured size, whatever the number of stores. */
class BoundedRocksDbMemoryTest {

    private static final long TOTAL = 24L << 20;
    private static final long MEMTABLES = 8L << 20;

    @TempDir
    Path stateDir;

    @Test
    void storesOfTwoApplicationsReportOneCacheOfTheConfiguredCapacity() throws Exception {
        try (TopologyTestDriver first = driver("first", "a", "b"); TopologyTestDriver second = driver("second", "c")) {
            TestInputTopic<String, String> input = first.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
            for (int i = 0; i < 5_000; i++) {
                input.pipeInput("key-" + i, "value-" + i);
            }
            second.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer()).pipeInput("k", "v");

            assertThat(gauge(first, "block-cache-capacity", "a")).isEqualTo((double) TOTAL);
            assertThat(gauge(first, "block-cache-capacity", "b")).isEqualTo((double) TOTAL);
            assertThat(gauge(second, "block-cache-capacity", "c")).isEqualTo((double) TOTAL);
            // One cache: what the memtables of the first application's stores hold is in the second's usage too.
            assertThat(gauge(second, "block-cache-usage", "c")).isEqualTo(gauge(first, "block-cache-usage", "a")).isPositive();
        }
    }

    @Test
    void manyNearlyEmptyStoresDoNotFlushOnEveryWrite() throws Exception {
        // A service runs about 70 store instances (6 stores x 12 partitions). A few writes to each
        // must stay in their memtables: the memtable budget is shared, and memtables that take it
        // in large blocks from their first write made RocksDB flush a tiny SST file on each write.
        RocksDB.loadLibrary();
        Map<String, Object> config = Map.of(BoundedRocksDbMemory.TOTAL_BYTES, String.valueOf(TOTAL),
                BoundedRocksDbMemory.MEMTABLE_BYTES, String.valueOf(MEMTABLES));
        List<Options> options = new ArrayList<>();
        List<RocksDB> stores = new ArrayList<>();
        try {
            for (int i = 0; i < 70; i++) {
                Options store = new Options().setCreateIfMissing(true);
                store.setTableFormatConfig(new BlockBasedTableConfig()); // as Kafka Streams hands it to the setter
                new BoundedRocksDbMemory().setConfig("store-" + i, store, config);
                options.add(store);
                stores.add(RocksDB.open(store, Files.createDirectories(stateDir.resolve("store-" + i)).toString()));
            }
            byte[] value = new byte[200];
            for (int round = 0; round < 20; round++) {
                for (RocksDB store : stores) {
                    store.put(("key-" + round).getBytes(StandardCharsets.UTF_8), value);
                }
            }
            try (var files = Files.walk(stateDir)) {
                assertThat(files.filter(f -> f.toString().endsWith(".sst")).count()).as("SST files flushed").isZero();
            }
        } finally {
            stores.forEach(RocksDB::close);
            options.forEach(Options::close);
        }
    }

    @Test
    void refusesAMemtableBudgetThatLeavesNothingForTheCache() {
        try (Options options = new Options()) {
            assertThatThrownBy(() -> new BoundedRocksDbMemory().setConfig("store", options,
                    Map.of(BoundedRocksDbMemory.TOTAL_BYTES, "1048576", BoundedRocksDbMemory.MEMTABLE_BYTES, "1048576")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(BoundedRocksDbMemory.MEMTABLE_BYTES);
        }
    }

    private TopologyTestDriver driver(String application, String... stores) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        for (String store : stores) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.String())
                    .withCachingDisabled());
        }
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, Void, Void>() {
                    private final java.util.List<KeyValueStore<String, String>> opened = new java.util.ArrayList<>();

                    @Override
                    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
                        for (String store : stores) {
                            opened.add(context.getStateStore(store));
                        }
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        opened.forEach(store -> store.put(record.key(), record.value()));
                    }
                }, Named.as("write-all"), stores);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve(application)).toString());
        config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        config.put(BoundedRocksDbMemory.TOTAL_BYTES, String.valueOf(TOTAL));
        config.put(BoundedRocksDbMemory.MEMTABLE_BYTES, String.valueOf(MEMTABLES));
        return new TopologyTestDriver(builder.build(), config);
    }

    private static double gauge(TopologyTestDriver driver, String name, String store) {
        for (Map.Entry<MetricName, ? extends Metric> metric : driver.metrics().entrySet()) {
            MetricName id = metric.getKey();
            if (id.name().equals(name) && store.equals(id.tags().get("rocksdb-state-id"))) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no " + name + " for store " + store + " in " + driver.metrics().keySet());
    }
}
