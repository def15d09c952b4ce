package dev.eventline.projection.outcomes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eventline.domain.Domains;
import dev.eventline.projection.core.ProjectedRecord;
import dev.eventline.projection.core.Projection;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecord;

/**
 * Each command's fate from {@code <ns>.results}, for status polling, and per-client counts. A
 * decision (accepted, rejected, conflict, invalid) is final and recorded once, even when retries
 * repeat it; a rate-limit refusal is recorded until a retry of the same key is decided; a reused
 * Idempotency-Key refers to another request and only counts.
 */
public class CommandOutcomesProjection implements Projection {

    private static final Set<CommandStatus> DECISIONS = Set.of(CommandStatus.ACCEPTED, CommandStatus.REJECTED, CommandStatus.CONFLICT,
            CommandStatus.INVALID);

    @Override
    public String name() {
        return "outcomes";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String migrations() {
        return "classpath:db/projections/outcomes";
    }

    @Override
    public List<Topic<String, ? extends SpecificRecord>> topics(EventlineTopics topics, Domains domains) {
        return List.of(topics.results());
    }

    private static final class Counts {
        long accepted;
        long rejected;
        long conflicts;
        long rateLimited;
        long keyReused;
        long invalid;
        Timestamp last;
    }

    @Override
    public void apply(Connection connection, List<ProjectedRecord> records) throws SQLException {
        Map<String, String> known = statuses(connection, records.stream().map(r -> ((CommandResult) r.value()).getCommandId()).distinct().toList());
        Map<String, Counts> counts = new HashMap<>();
        try (PreparedStatement upsert = connection.prepareStatement("insert into command_outcomes (command_id, aggregate_type, aggregate_id, "
                + "command_type, client_id, status, version, event_ids, rejection_code, rejection_message, position, correlation_id, decided_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (command_id) do update set status = excluded.status, "
                + "version = excluded.version, event_ids = excluded.event_ids, rejection_code = excluded.rejection_code, "
                + "rejection_message = excluded.rejection_message, position = excluded.position, decided_at = excluded.decided_at "
                + "where command_outcomes.status = 'RATE_LIMITED'")) {
            for (ProjectedRecord record : records) {
                CommandResult result = (CommandResult) record.value();
                Counts count = counts.computeIfAbsent(result.getClientId(), c -> new Counts());
                count.last = Timestamp.from(result.getDecidedAt());
                String seen = known.get(result.getCommandId());
                boolean decided = seen != null && !seen.equals(CommandStatus.RATE_LIMITED.name());
                CommandStatus status = result.getStatus();
                if (status == CommandStatus.DUPLICATE_KEY_MISMATCH) {
                    count.keyReused++;
                    continue;
                }
                if (status == CommandStatus.RATE_LIMITED) {
                    count.rateLimited++;
                    if (seen != null) {
                        continue;
                    }
                } else if (DECISIONS.contains(status)) {
                    if (decided) {
                        continue; // a retry answered with the original outcome
                    }
                    switch (status) {
                        case ACCEPTED -> count.accepted++;
                        case REJECTED -> count.rejected++;
                        case CONFLICT -> count.conflicts++;
                        default -> count.invalid++;
                    }
                } else {
                    continue;
                }
                known.put(result.getCommandId(), status.name());
                upsert.setString(1, result.getCommandId());
                upsert.setString(2, result.getAggregateType());
                upsert.setString(3, result.getAggregateId());
                upsert.setString(4, result.getCommandType());
                upsert.setString(5, result.getClientId());
                upsert.setString(6, status.name());
                upsert.setObject(7, result.getVersion());
                upsert.setArray(8, connection.createArrayOf("text", result.getEventIds().toArray()));
                upsert.setString(9, result.getRejectionCode());
                upsert.setString(10, result.getRejectionMessage());
                upsert.setString(11, result.getPosition());
                upsert.setString(12, result.getCorrelationId());
                upsert.setTimestamp(13, Timestamp.from(result.getDecidedAt()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        try (PreparedStatement stats = connection.prepareStatement("insert into client_command_stats as s (client_id, accepted, rejected, "
                + "conflicts, rate_limited, key_reused, invalid, last_command_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (client_id) do update "
                + "set accepted = s.accepted + excluded.accepted, rejected = s.rejected + excluded.rejected, conflicts = s.conflicts + excluded.conflicts, "
                + "rate_limited = s.rate_limited + excluded.rate_limited, key_reused = s.key_reused + excluded.key_reused, "
                + "invalid = s.invalid + excluded.invalid, last_command_at = greatest(s.last_command_at, excluded.last_command_at)")) {
            for (Map.Entry<String, Counts> entry : counts.entrySet()) {
                Counts c = entry.getValue();
                stats.setString(1, entry.getKey());
                stats.setLong(2, c.accepted);
                stats.setLong(3, c.rejected);
                stats.setLong(4, c.conflicts);
                stats.setLong(5, c.rateLimited);
                stats.setLong(6, c.keyReused);
                stats.setLong(7, c.invalid);
                stats.setTimestamp(8, c.last);
                stats.addBatch();
            }
            stats.executeBatch();
        }
    }

    private static Map<String, String> statuses(Connection connection, List<String> commandIds) throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select command_id, status from command_outcomes where command_id = any(?)")) {
            select.setArray(1, connection.createArrayOf("text", commandIds.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return statuses;
    }
}
