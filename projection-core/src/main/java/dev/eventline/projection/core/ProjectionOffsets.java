package dev.eventline.projection.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * The next offset to apply per partition, kept in {@code public.projection_offsets} in the same
 * transactions as the read models they describe. Rows are keyed by a projection key (the
 * projection's name; the replay tool's rebuild uses {@code <name>:rebuild}) and version.
 */
public final class ProjectionOffsets {

    private ProjectionOffsets() {
    }

    /** Creates the missing rows at offset 0. */
    public static void ensure(Connection connection, String key, int version, Collection<TopicPartition> partitions) throws SQLException {
        try (PreparedStatement ensure = connection.prepareStatement("insert into public.projection_offsets (projection, version, topic, partition, "
                + "next_offset) values (?, ?, ?, ?, 0) on conflict do nothing")) {
            for (TopicPartition partition : partitions) {
                ensure.setString(1, key);
                ensure.setInt(2, version);
                ensure.setString(3, partition.topic());
                ensure.setInt(4, partition.partition());
                ensure.addBatch();
            }
            ensure.executeBatch();
        }
    }

    /** The stored offsets of the partitions that have a row. */
    public static Map<TopicPartition, Long> read(Connection connection, String key, int version, Collection<TopicPartition> partitions)
            throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select topic, partition, next_offset from public.projection_offsets "
                + "where projection = ? and version = ?")) {
            select.setString(1, key);
            select.setInt(2, version);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    TopicPartition partition = new TopicPartition(rs.getString(1), rs.getInt(2));
                    if (partitions.contains(partition)) {
                        stored.put(partition, rs.getLong(3));
                    }
                }
            }
        }
        return stored;
    }

    /**
     * As {@link #read}, holding the rows until the transaction ends. Only these partitions, so
     * instances lock theirs side by side; in topic and partition order, so lockers never wait on
     * each other in a cycle.
     */
    public static Map<TopicPartition, Long> lock(Connection connection, String key, int version, Collection<TopicPartition> partitions)
            throws SQLException {
        List<TopicPartition> ordered = partitions.stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)).toList();
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select o.topic, o.partition, o.next_offset from public.projection_offsets o "
                + "join unnest(?::text[], ?::int[]) as p(topic, partition) on o.topic = p.topic and o.partition = p.partition "
                + "where o.projection = ? and o.version = ? order by o.topic, o.partition for update of o")) {
            select.setArray(1, connection.createArrayOf("text", ordered.stream().map(TopicPartition::topic).toArray()));
            select.setArray(2, connection.createArrayOf("integer", ordered.stream().map(TopicPartition::partition).toArray()));
            select.setString(3, key);
            select.setInt(4, version);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return stored;
    }

    /** Stores the next offsets of rows that exist ({@link #ensure} first). */
    public static void write(Connection connection, String key, int version, Map<TopicPartition, Long> next) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update public.projection_offsets set next_offset = ?, updated_at = now() "
                + "where projection = ? and version = ? and topic = ? and partition = ?")) {
            for (Map.Entry<TopicPartition, Long> entry : next.entrySet()) {
                update.setLong(1, entry.getValue());
                update.setString(2, key);
                update.setInt(3, version);
                update.setString(4, entry.getKey().topic());
                update.setInt(5, entry.getKey().partition());
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
