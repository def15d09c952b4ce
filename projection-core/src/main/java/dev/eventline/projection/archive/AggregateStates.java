package dev.eventline.projection.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Decider;
import dev.eventline.domain.Domains;
import dev.eventline.projection.core.ProjectedRecord;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.state.StateJson;

/**
 * The {@code aggregates} table: each aggregate's current state, folded by its own domain's
 * {@code evolve} and stored as {@link StateJson}, with the owner its decider declares. A batch
 * loads the rows it touches once, folds in memory and writes each row once; an event at or below
 * a row's version changes nothing.
 */
final class AggregateStates {

    private final Domains domains;

    AggregateStates(Domains domains) {
        this.domains = domains;
    }

    private record Key(String type, String id) {
    }

    private record Row(Object state, long version, Instant createdAt, Instant updatedAt) {
    }

    void apply(Connection connection, List<ProjectedRecord> records) throws SQLException {
        Map<String, List<String>> idsByType = new HashMap<>();
        for (ProjectedRecord record : records) {
            EventMetadata m = record.eventMetadata();
            idsByType.computeIfAbsent(m.getAggregateType(), t -> new ArrayList<>()).add(m.getAggregateId());
        }
        Map<Key, Row> rows = new HashMap<>();
        for (Map.Entry<String, List<String>> type : idsByType.entrySet()) {
            rows.putAll(load(connection, decider(type.getKey()), type.getKey(), type.getValue()));
        }
        Map<Key, Row> changed = new LinkedHashMap<>();
        for (ProjectedRecord record : records) {
            EventMetadata m = record.eventMetadata();
            Key key = new Key(m.getAggregateType(), m.getAggregateId());
            Decider<Object, Object, Object> decider = decider(key.type());
            Row row = rows.getOrDefault(key, new Row(decider.initialState(), 0, m.getOccurredAt(), m.getOccurredAt()));
            if (m.getVersion() <= row.version()) {
                continue; // applied already
            }
            row = new Row(decider.evolve(row.state(), record.payload()), m.getVersion(), row.createdAt(), m.getOccurredAt());
            rows.put(key, row);
            changed.put(key, row);
        }
        write(connection, changed);
    }

    private static Map<Key, Row> load(Connection connection, Decider<Object, Object, Object> decider, String type, List<String> ids)
            throws SQLException {
        Map<Key, Row> rows = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select aggregate_id, state::text, version, created_at, updated_at "
                + "from aggregates where aggregate_type = ? and aggregate_id = any(?)")) {
            select.setString(1, type);
            select.setArray(2, connection.createArrayOf("text", ids.stream().distinct().toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.put(new Key(type, rs.getString(1)), new Row(StateJson.fromText(rs.getString(2), decider.initialState()),
                            rs.getLong(3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()));
                }
            }
        }
        return rows;
    }

    private void write(Connection connection, Map<Key, Row> changed) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("insert into aggregates (aggregate_type, aggregate_id, owner, version, "
                + "state, created_at, updated_at) values (?, ?, ?, ?, ?::jsonb, ?, ?) on conflict (aggregate_type, aggregate_id) do update "
                + "set owner = excluded.owner, version = excluded.version, state = excluded.state, updated_at = excluded.updated_at "
                + "where aggregates.version < excluded.version")) {
            for (Map.Entry<Key, Row> entry : changed.entrySet()) {
                Row row = entry.getValue();
                upsert.setString(1, entry.getKey().type());
                upsert.setString(2, entry.getKey().id());
                upsert.setString(3, decider(entry.getKey().type()).owner(row.state()).orElse(null));
                upsert.setLong(4, row.version());
                upsert.setString(5, StateJson.toText(row.state()));
                upsert.setTimestamp(6, Timestamp.from(row.createdAt()));
                upsert.setTimestamp(7, Timestamp.from(row.updatedAt()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    @SuppressWarnings("unchecked")
    private Decider<Object, Object, Object> decider(String type) {
        AggregateType<?, ?, ?> found = domains.find(type)
                .orElseThrow(() -> new IllegalArgumentException("no registered aggregate type '" + type + "'"));
        return (Decider<Object, Object, Object>) found.decider();
    }
}
