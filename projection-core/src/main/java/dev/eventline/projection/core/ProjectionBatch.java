package dev.eventline.projection.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way records reach a projection, live (the {@link Projector}) and in a rebuild (the replay
 * tool): events that do not follow their aggregate's verified chain are quarantined first
 * ({@link ChainGuard}); the rest go as a whole batch under one savepoint; if the projection fails on it (an SQL error or an
 * exception of its own), record by record, each under its own savepoint, so that only the records
 * that fail alone are refused. A refused record is recorded in {@code public.projection_dead_letters}
 * in the caller's transaction, and the batch goes on without it.
 */
public final class ProjectionBatch {

    /** A record the projection could not apply, or that could not even be decoded. */
    public record Refused(String topic, int partition, long offset, Exception error) {

        public String describe() {
            return topic + "/" + partition + "@" + offset + ": " + error.getClass().getSimpleName() + ": " + error.getMessage();
        }
    }

    /** What the batch did: how many records were applied, and which were refused (quarantined events among them). */
    public record Outcome(int applied, List<Refused> refused) {

        /** How many of the refused were events that do not chain. */
        public int quarantined() {
            return (int) refused.stream().filter(r -> r.error() instanceof BrokenChainException).count();
        }
    }

    private ProjectionBatch() {
    }

    /**
     * Applies the decoded records that may be applied and records the refused ones (the undecodable given by the caller
     * among them) as dead letters. The caller owns the transaction and its search path.
     */
    public static Outcome apply(Connection connection, Projection projection, List<ProjectedRecord> decoded, List<Refused> undecodable)
            throws SQLException {
        List<Refused> refused = new ArrayList<>(undecodable);
        ChainGuard.Verdict verdict = ChainGuard.check(connection, decoded);
        refused.addAll(verdict.quarantined());
        List<ProjectedRecord> records = verdict.chained();
        int applied = 0;
        if (!records.isEmpty()) {
            Savepoint before = connection.setSavepoint();
            try {
                projection.apply(connection, records);
                connection.releaseSavepoint(before);
                applied = records.size();
            } catch (SQLException | RuntimeException batchError) {
                connection.rollback(before);
                for (ProjectedRecord record : records) {
                    Savepoint single = connection.setSavepoint();
                    try {
                        projection.apply(connection, List.of(record));
                        connection.releaseSavepoint(single);
                        applied++;
                    } catch (SQLException | RuntimeException e) {
                        connection.rollback(single);
                        refused.add(new Refused(record.topic(), record.partition(), record.offset(), e));
                    }
                }
            }
        }
        for (Refused poison : refused) {
            record(connection, projection, poison);
        }
        return new Outcome(applied, List.copyOf(refused));
    }

    /** How many events of this projection version have been quarantined so far, by every instance (its dead letters that do not chain). */
    public static long quarantined(Connection connection, Projection projection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("select count(*) from public.projection_dead_letters "
                + "where projection = ? and version = ? and error like ?")) {
            count.setString(1, projection.name());
            count.setInt(2, projection.version());
            count.setString(3, BrokenChainException.class.getSimpleName() + ":%");
            try (java.sql.ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void record(Connection connection, Projection projection, Refused poison) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into public.projection_dead_letters "
                + "(projection, version, topic, partition, \"offset\", error) values (?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            insert.setString(1, projection.name());
            insert.setInt(2, projection.version());
            insert.setString(3, poison.topic());
            insert.setInt(4, poison.partition());
            insert.setLong(5, poison.offset());
            insert.setString(6, poison.error().getClass().getSimpleName() + ": " + poison.error().getMessage());
            insert.executeUpdate();
        }
    }
}
