package dev.eventline.projection.runtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.eventline.projection.core.Projection;
import org.apache.kafka.common.TopicPartition;

/**
 * How far one projection version is, per partition this instance owns: the next offset applied,
 * the records left (from the consumer's fetch positions), and how old the newest applied record
 * is while records are left. Read by the lag endpoint, the metrics and readiness.
 */
public final class ProjectionProgress {

    /** One partition's position. {@code lag} is -1 until the consumer knows the end. */
    @io.micronaut.serde.annotation.Serdeable
    public record PartitionLag(String topic, int partition, long nextOffset, long lag, long millisBehind) {
    }

    private record State(long nextOffset, long lag, long lastTimestamp) {
    }

    private final Projection projection;
    private final Map<TopicPartition, State> partitions = new ConcurrentHashMap<>();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    /** Milliseconds from a record's append (its timestamp) to the commit of the rows it produced. */
    private final org.HdrHistogram.Recorder delays = new org.HdrHistogram.Recorder(3);

    public ProjectionProgress(Projection projection) {
        this.projection = projection;
    }

    public Projection projection() {
        return projection;
    }

    void assigned(TopicPartition partition, long nextOffset) {
        partitions.put(partition, new State(nextOffset, -1, 0));
    }

    void revoked(Set<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    long nextOffset(TopicPartition partition) {
        State state = partitions.get(partition);
        return state == null ? 0 : state.nextOffset();
    }

    void applied(TopicPartition partition, long nextOffset, long lastTimestamp, int records) {
        partitions.compute(partition, (p, s) -> new State(nextOffset, s == null ? -1 : s.lag(),
                lastTimestamp > 0 ? lastTimestamp : s == null ? 0 : s.lastTimestamp()));
        applied.addAndGet(records);
    }

    void lag(TopicPartition partition, long lag) {
        partitions.computeIfPresent(partition, (p, s) -> new State(s.nextOffset(), lag, s.lastTimestamp()));
    }

    void delayed(long millis) {
        delays.recordValue(Math.max(0, millis));
    }

    /** The delays recorded since the last call (an interval histogram, in milliseconds). */
    public org.HdrHistogram.Histogram takeDelays() {
        return delays.getIntervalHistogram();
    }

    /** Events quarantined before this instance started, by any instance (they stay quarantined). */
    void quarantinedBefore(long events) {
        quarantined.addAndGet(events);
    }

    /** Records refused since start: {@code count} in all, of which {@code quarantined} were events that do not chain. */
    void deadLettered(int count, int quarantinedEvents) {
        deadLetters.addAndGet(count);
        quarantined.addAndGet(quarantinedEvents);
    }

    /** Records refused since this instance started (quarantined events included). */
    public long deadLetters() {
        return deadLetters.get();
    }

    /** Events held back because they do not follow their aggregate's verified chain: before this instance started, and since on its partitions. */
    public long quarantined() {
        return quarantined.get();
    }

    public long applied() {
        return applied.get();
    }

    public java.util.List<PartitionLag> partitions() {
        long now = System.currentTimeMillis();
        return partitions.entrySet().stream()
                .sorted(java.util.Comparator.comparing((Map.Entry<TopicPartition, State> e) -> e.getKey().topic())
                        .thenComparingInt(e -> e.getKey().partition()))
                .map(e -> new PartitionLag(e.getKey().topic(), e.getKey().partition(), e.getValue().nextOffset(), e.getValue().lag(),
                        e.getValue().lag() > 0 && e.getValue().lastTimestamp() > 0 ? Math.max(0, now - e.getValue().lastTimestamp()) : 0))
                .toList();
    }

    /** Records left on this instance's partitions; unknown partitions count as not caught up. */
    public long totalLag() {
        return partitions.values().stream().mapToLong(s -> s.lag() < 0 ? Long.MAX_VALUE / 1024 : s.lag()).sum();
    }

    public long maxMillisBehind() {
        return partitions().stream().mapToLong(PartitionLag::millisBehind).max().orElse(0);
    }
}
