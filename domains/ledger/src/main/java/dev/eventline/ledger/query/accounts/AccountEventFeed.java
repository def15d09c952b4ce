package dev.eventline.ledger.query.accounts;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

import dev.eventline.query.freshness.ReadModelChanges;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

/**
 * Account events for live streams, read from the event archive. Within a partition of the account
 * topic the archive commits in offset order, so "partition -> next offset" is an exact resume
 * point. Events are only handed out below the offsets the ledger has also committed, so the
 * account a stream filters on (its owner) is always in the ledger's read model already.
 */
@Singleton
public class AccountEventFeed {

    private static final String COLUMNS = "select e.partition, e.\"offset\", e.aggregate_id, e.version, e.event_type, e.occurred_at, e.payload::text ";

    private final DataSource dataSource;
    private final ReadModelChanges changes;
    private final String topic;

    public AccountEventFeed(DataSource dataSource, ReadModelChanges changes, @Value("${eventline.namespace:eventline}") String namespace) {
        // The pool itself: Micronaut Data's contextual DataSource wants a surrounding @Connectable.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.changes = changes;
        this.topic = namespace + ".events.account";
    }

    /** Per partition, the next offset both the archive and the ledger have committed. */
    public Map<Integer, Long> horizon() {
        ReadModelChanges.Committed committed = changes.committed();
        Map<String, Long> ledger = committed.of("ledger");
        Map<Integer, Long> horizon = new TreeMap<>();
        committed.of("archive").forEach((topicPartition, archived) -> {
            int slash = topicPartition.lastIndexOf('/');
            if (topicPartition.substring(0, slash).equals(topic)) {
                horizon.put(Integer.parseInt(topicPartition.substring(slash + 1)), Math.min(archived, ledger.getOrDefault(topicPartition, 0L)));
            }
        });
        return horizon;
    }

    /** One account's events after {@code version}, in order. */
    public List<AccountEvent> of(String accountId, long afterVersion, int limit) {
        String sql = COLUMNS + "from event_archive e where e.aggregate_type = 'account' and e.aggregate_id = ? and e.version > ? "
                + "order by e.version limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, accountId);
            s.setLong(2, afterVersion);
            s.setInt(3, limit);
            return read(s);
        } catch (SQLException e) {
            throw new io.micronaut.data.exceptions.DataAccessException("account events failed: " + e.getMessage(), e);
        }
    }

    /**
     * Events of accounts {@code owner} owns (everyone's when null) with offsets in
     * [{@code from}, {@code to}) per partition, ordered by partition then offset.
     */
    public List<AccountEvent> between(@Nullable String owner, Map<Integer, Long> from, Map<Integer, Long> to, int limit) {
        List<Integer> partitions = new ArrayList<>();
        List<Long> lows = new ArrayList<>();
        List<Long> highs = new ArrayList<>();
        to.forEach((partition, high) -> {
            long low = from.getOrDefault(partition, 0L);
            if (low < high) {
                partitions.add(partition);
                lows.add(low);
                highs.add(high);
            }
        });
        if (partitions.isEmpty()) {
            return List.of();
        }
        String sql = COLUMNS + "from event_archive e join accounts a on a.id = e.aggregate_id "
                + "join unnest(?::int[], ?::bigint[], ?::bigint[]) as w(p, lo, hi) on e.partition = w.p and e.\"offset\" >= w.lo and e.\"offset\" < w.hi "
                + "where e.topic = ? and e.aggregate_type = 'account'" + (owner == null ? "" : " and a.owner = ?")
                + " order by e.partition, e.\"offset\" limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Array p = c.createArrayOf("int4", partitions.toArray());
            Array lo = c.createArrayOf("int8", lows.toArray());
            Array hi = c.createArrayOf("int8", highs.toArray());
            int i = 1;
            s.setArray(i++, p);
            s.setArray(i++, lo);
            s.setArray(i++, hi);
            s.setString(i++, topic);
            if (owner != null) {
                s.setString(i++, owner);
            }
            s.setInt(i, limit);
            return read(s);
        } catch (SQLException e) {
            throw new io.micronaut.data.exceptions.DataAccessException("account events failed: " + e.getMessage(), e);
        }
    }

    private static List<AccountEvent> read(PreparedStatement s) throws SQLException {
        List<AccountEvent> events = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                events.add(new AccountEvent(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant(), rs.getString(7)));
            }
        }
        return events;
    }
}
