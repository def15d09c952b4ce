package dev.eventline.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A service's memory figures, read from Prometheus text as Micrometer writes it. */
class JvmMemoryTest {

    @Test
    void sumsHeapAndNonHeapPoolsAndTakesTheSharedBlockCacheOnce() {
        String scrape = """
                # HELP jvm_memory_committed_bytes The amount of memory in bytes that is committed for the Java virtual machine to use
                # TYPE jvm_memory_committed_bytes gauge
                jvm_memory_committed_bytes{area="heap",id="Eden Space"} 1.048576E8
                jvm_memory_committed_bytes{area="heap",id="Tenured Gen"} 2.097152E8
                jvm_memory_committed_bytes{area="nonheap",id="Metaspace"} 6.291456E7
                jvm_memory_committed_bytes{area="nonheap",id="CodeHeap 'profiled nmethods'"} 2.097152E7
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 5.24288E7
                jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 1.048576E8
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 6.0E7
                kafka_streams_block_cache_capacity 1.34217728E8
                kafka_streams_block_cache_usage 4.8980216E7
                """;

        JvmMemory.Figures figures = JvmMemory.parse(scrape);

        assertThat(figures.heapCommitted()).isEqualTo(3.145728E8);
        assertThat(figures.heapUsed()).isEqualTo(1.572864E8);
        assertThat(figures.nonHeapCommitted()).isEqualTo(8.388608E7);
        assertThat(figures.blockCacheUsage()).isEqualTo(4.8980216E7);
    }

    @Test
    void aServiceWithoutStateStoresHasNoBlockCache() {
        assertThat(JvmMemory.parse("jvm_memory_committed_bytes{area=\"heap\",id=\"G1 Old Gen\"} 1.0E8\n").blockCacheUsage()).isNaN();
    }
}
