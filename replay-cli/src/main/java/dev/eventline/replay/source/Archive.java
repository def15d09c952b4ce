package dev.eventline.replay.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event archive the projection service keeps in PostgreSQL: an index from an aggregate to
 * the log positions of its events, and the copy {@code verify} holds against the log.
 */
public final class Archive {

    private final Connections connections;

    public Archive(Connections connections) {
        this.connections = connections;
    }

    public record Position(int partition, long offset, long version) {
    }

    /** Where an aggregate's archived events are in the log, by version. */
    public List<Position> positions(String aggregateType, String aggregateId) throws SQLException {
        List<Position> positions = new ArrayList<>();
        try (Connection c = connections.database();
             PreparedStatement s = c.prepareStatement("select partition, \"offset\", version from event_archive "
                     + "where aggregate_type = ? and aggregate_id = ? order by version")) {
            s.setString(1, aggregateType);
            s.setString(2, aggregateId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    positions.add(new Position(rs.getInt(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return positions;
    }

    /** Per partition of {@code topic}, the next offset the active version of {@code projection} will apply. */
    public Map<Integer, Long> committed(String projection, String topic) throws SQLException {
        Map<Integer, Long> offsets = new HashMap<>();
        try (Connection c = connections.database();
             PreparedStatement s = c.prepareStatement("select o.partition, o.next_offset from projection_offsets o "
                     + "join read_model_versions v on v.projection = o.projection and v.active_version = o.version "
                     + "where o.projection = ? and o.topic = ?")) {
            s.setString(1, projection);
            s.setString(2, topic);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return offsets;
    }
}
