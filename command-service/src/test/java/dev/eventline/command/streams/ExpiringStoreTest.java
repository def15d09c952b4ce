package dev.eventline.command.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.eventline.command.streams.ExpiringStore.Written;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Entries written "<millis>|<text>", as the admission stage writes its keys. */
class ExpiringStoreTest {

    private KeyValueStore<String, String> store;
    private KeyValueStore<Written, byte[]> index;
    private ExpiringStore<String> expiring;

    @BeforeEach
    void stores() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("entries"), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        index = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("entries-expiry"), ExpiringStore.WRITTEN, Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        index.init(context.getStateStoreContext(), index);
        expiring = new ExpiringStore<>(store, index, value -> Long.parseLong(value.substring(0, value.indexOf('|'))));
    }

    @Test
    void aPurgeRemovesWhatWasWrittenBeforeTheHorizonAndKeepsTheRest() {
        expiring.put("a", "1000|x");
        expiring.put("b", "2000|x");
        expiring.put("c", "3000|x");

        expiring.purge(2500);

        assertThat(keys(store)).containsExactly("c");
        assertThat(keys(index)).containsExactly(new Written(3000, "c"));
    }

    @Test
    void anEntryWrittenAgainIsKeptUntilItsNewTimeExpires() {
        expiring.put("a", "1000|first");
        expiring.put("a", "5000|again");

        expiring.purge(2000);
        assertThat(expiring.get("a")).isEqualTo("5000|again");

        expiring.purge(6000);
        assertThat(expiring.get("a")).isNull();
        assertThat(keys(index)).isEmpty();
    }

    @Test
    void oneRunRemovesAtMostABatchThroughTheIndexAndTheNextRunTheRest() {
        int expired = ExpiringStore.PURGE_BATCH + ExpiringStore.SWEEP_SLICE + 10;
        for (int i = 0; i < expired; i++) {
            expiring.put(String.format("k%06d", i), (1000 + i) + "|x");
        }

        expiring.purge(1_000_000);
        assertThat(store.approximateNumEntries()).isPositive().isLessThanOrEqualTo(10);

        expiring.purge(1_000_000);
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void theSweepRemovesExpiredEntriesTheIndexNeverHadASliceAtATime() {
        for (int i = 0; i < ExpiringStore.SWEEP_SLICE + 500; i++) {
            store.put(String.format("lost%06d", i), "1000|x"); // as if a crash lost the index write
        }
        store.put("zz-live", "9000|x");

        expiring.purge(5000);
        assertThat(store.approximateNumEntries()).isEqualTo(501);

        expiring.purge(5000);
        assertThat(keys(store)).containsExactly("zz-live");
    }

    @Test
    void theSweepIndexesEntriesWrittenBeforeThereWasAnIndexSoTheyExpireInTime() {
        store.put("old-1", "1000|x");
        store.put("old-2", "3000|x");

        expiring.purge(500);
        assertThat(keys(index)).containsExactly(new Written(1000, "old-1"), new Written(3000, "old-2"));

        expiring.purge(2000);
        assertThat(keys(store)).containsExactly("old-2");
    }

    @Test
    void indexKeysSortByTimeWhateverTheKey() {
        byte[] early = ExpiringStore.WRITTEN.serializer().serialize("t", new Written(255, "zzz"));
        byte[] later = ExpiringStore.WRITTEN.serializer().serialize("t", new Written(256, "aaa"));

        assertThat(Bytes.wrap(early).compareTo(Bytes.wrap(later))).isNegative();
        assertThat(ExpiringStore.WRITTEN.deserializer().deserialize("t", later)).isEqualTo(new Written(256, "aaa"));
    }

    private static <K, V> List<K> keys(KeyValueStore<K, V> kv) {
        List<K> keys = new ArrayList<>();
        try (KeyValueIterator<K, V> all = kv.all()) {
            all.forEachRemaining((KeyValue<K, V> e) -> keys.add(e.key));
        }
        return keys;
    }
}
