package dev.eventline.query.freshness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Notices when the read models change: every {@code eventline.query.change-poll} it reads the
 * offsets the active projection versions have committed (written in the same transaction as
 * their rows, so a new offset means new rows are visible). Waiters — position tokens,
 * long-polls, SSE streams — wake on a change and look again, instead of each polling the
 * database on its own.
 */
@Singleton
public class ReadModelChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ReadModelChanges.class);
    private static final String COMMITTED = "select o.projection, o.topic, o.partition, o.next_offset from projection_offsets o "
            + "join read_model_versions v on v.projection = o.projection and v.active_version = o.version";

    private final DataSource dataSource;
    private final Sinks.Many<Long> changes = Sinks.many().multicast().directBestEffort();
    private final Object monitor = new Object();
    private volatile Committed committed = new Committed(0, Map.of());

    public ReadModelChanges(DataSource dataSource) {
        // The pool itself: Micronaut Data's contextual DataSource wants a surrounding @Connectable.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** Committed next offsets per projection and {@code topic/partition}, with a generation that grows on each change. */
    public record Committed(long generation, Map<String, Map<String, Long>> offsets) {

        public Map<String, Long> of(String projection) {
            return offsets.getOrDefault(projection, Map.of());
        }

        /** Every projection's offsets summed: grows with each change of any read model. */
        public long total() {
            return offsets.values().stream().flatMap(o -> o.values().stream()).mapToLong(Long::longValue).sum();
        }
    }

    @Scheduled(fixedDelay = "${eventline.query.change-poll:100ms}")
    void poll() {
        Map<String, Map<String, Long>> now = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(COMMITTED); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                now.computeIfAbsent(rs.getString(1), p -> new HashMap<>()).put(rs.getString(2) + "/" + rs.getInt(3), rs.getLong(4));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("committed offsets not readable: {}", e.getMessage());
            return;
        }
        Committed before = committed;
        if (!now.equals(before.offsets())) {
            Committed after = new Committed(before.generation() + 1, Map.copyOf(now));
            committed = after;
            synchronized (monitor) {
                monitor.notifyAll();
            }
            changes.tryEmitNext(after.generation());
        }
    }

    public Committed committed() {
        return committed;
    }

    /** One signal per change of the read models; slow subscribers see only the latest. */
    public Flux<Long> changes() {
        return changes.asFlux().onBackpressureLatest();
    }

    /** Blocks until a change newer than {@code seenGeneration}, or for at most {@code max}. */
    public void awaitChange(long seenGeneration, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (monitor) {
            while (committed.generation() <= seenGeneration) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
