package dev.eventline.query.aggregates;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import dev.eventline.query.access.Caller;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

/**
 * Reads of the generic read model ({@code aggregates} and {@code event_archive}, written in one
 * transaction by the archive projection). The owner rule is part of each query, so a foreign
 * aggregate costs exactly what a missing one costs: a client reads the aggregates it owns, the
 * dashboard and auditor roles read all, and an aggregate nobody owns only they read.
 */
@Singleton
public class AggregateReads {

    static final String COLUMNS = "select aggregate_type, aggregate_id, owner, version, state::text, created_at, updated_at from aggregates ";
    private static final String VISIBLE = " and (? or owner = ?)";

    private final DataSource dataSource;

    public AggregateReads(DataSource dataSource) {
        // The pool itself: Micronaut Data's contextual DataSource wants a surrounding @Connectable.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    public Optional<AggregateRow> find(String type, String id, Caller reader) {
        List<AggregateRow> rows = query(COLUMNS + "where aggregate_type = ? and aggregate_id = ?" + VISIBLE,
                List.of(type, id, reader.seesEverything(), reader.clientId()));
        return rows.stream().findFirst();
    }

    public Optional<Long> visibleVersion(String type, String id, Caller reader) {
        return find(type, id, reader).map(AggregateRow::version);
    }

    /** Events after {@code afterVersion}, oldest first; the caller checked that the reader may see the aggregate. */
    public List<AggregateEventRow> events(String type, String id, long afterVersion, int limit) {
        String sql = "select version, event_id::text, event_type, occurred_at, command_id, correlation_id, causation_id, client_id, "
                + "payload::text from event_archive where aggregate_type = ? and aggregate_id = ? and version > ? order by version limit ?";
        List<AggregateEventRow> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, type);
            s.setString(2, id);
            s.setLong(3, afterVersion);
            s.setInt(4, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new AggregateEventRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("aggregate events failed: " + e.getMessage(), e);
        }
        return events;
    }

    List<AggregateRow> query(String sql, List<Object> parameters) {
        List<AggregateRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                s.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AggregateRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("aggregate read failed: " + e.getMessage(), e);
        }
        return rows;
    }
}
