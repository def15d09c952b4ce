package dev.eventline.replay.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventline.domain.Decider;
import dev.eventline.projection.check.Finding;
import dev.eventline.replay.history.EventJson;
import dev.eventline.replay.source.Connections;
import dev.eventline.replay.source.EventLog;
import dev.eventline.replay.source.LogEvent;
import dev.eventline.schemas.chain.ChainBreak;
import dev.eventline.schemas.chain.ChainHead;
import dev.eventline.schemas.envelope.EventMetadata;

/**
 * One partition of one event topic, read once from the start: every event follows its aggregate's
 * verified chain ({@link ChainHead}: gapless versions, hashes chained and intact), every committed
 * record that does is equal to its archive row (and no archive row without one), and each aggregate
 * folded, from its verified events only, up to where each read model's projection is, for
 * {@link ReadModelCheck}. An event that does not chain is named (aggregate, version, partition,
 * offset, the rule it breaks) and left out of the fold, as the guarded projections leave it out, so
 * read models that are right are not blamed for it.
 */
final class PartitionCheck {

    private final String aggregateType;
    private final int partition;
    private final long end;
    private final long archived;
    private final Map<String, Long> projected;
    private final Decider<Object, Object, Object> decider;
    private final VerificationResult result;
    private final AtomicLong progress;

    private final Map<String, ChainHead> heads = new HashMap<>();

    @SuppressWarnings("unchecked")
    PartitionCheck(String aggregateType, int partition, long end, long archived, Map<String, Long> projected, Decider<?, ?, ?> decider,
                   VerificationResult result, AtomicLong progress) {
        this.aggregateType = aggregateType;
        this.partition = partition;
        this.end = end;
        this.archived = archived;
        this.projected = Map.copyOf(projected);
        this.decider = (Decider<Object, Object, Object>) decider;
        this.result = result;
        this.progress = progress;
    }

    void run(EventLog log, Connections connections) throws SQLException {
        String topic = log.topicOf(aggregateType);
        try (Connection c = connections.database()) {
            c.setAutoCommit(false); // a cursor: rows stream instead of loading the partition's archive
            try (PreparedStatement s = c.prepareStatement("select \"offset\", event_id::text, aggregate_id, version, hash, payload::text "
                    + "from event_archive where topic = ? and partition = ? order by \"offset\"")) {
                s.setFetchSize(5_000);
                s.setString(1, topic);
                s.setInt(2, partition);
                try (ResultSet archive = s.executeQuery()) {
                    ArchiveCursor rows = new ArchiveCursor(archive);
                    log.scan(aggregateType, partition, 0, end, event -> {
                        compare(event, check(event), rows);
                        progress.incrementAndGet();
                    });
                    while (rows.current != null) {
                        extraRow(rows.current);
                        rows.next();
                    }
                }
            }
            c.rollback();
        }
    }

    /**
     * Checks that the event follows its aggregate's verified chain and, if it does, folds it;
     * returns whether it did. An event that does not is reported and left out, as the guarded
     * projections leave it out: the chain goes on from the last event that checked out.
     */
    private boolean check(LogEvent event) {
        EventMetadata m = event.metadata();
        String id = m.getAggregateId();
        result.countEvent(aggregateType, id);
        ChainHead head = heads.getOrDefault(id, ChainHead.genesis());
        Optional<ChainBreak> broken = head.check(event.key(), id, m.getVersion(), event.asWritten());
        if (broken.isPresent()) {
            found(broken.get().kind().name(), event, broken.get().detail());
            return false;
        }
        heads.put(id, head.next(m.getVersion(), event.asWritten()));
        projected.forEach((projection, applied) -> {
            if (event.offset() < applied) {
                try {
                    Object state = result.folded(projection, aggregateType).getOrDefault(id, decider.initialState());
                    result.fold(projection, aggregateType, id, decider.evolve(state, event.payload()), m.getVersion());
                } catch (RuntimeException e) {
                    found(Finding.FOLD_FAILED, event, "the domain cannot apply it: " + e.getMessage());
                }
            }
        });
        return true;
    }

    /**
     * Compares the event with the archive row at its offset. An event that does not chain must have
     * no row: the guarded archive quarantined it.
     */
    private void compare(LogEvent event, boolean chained, ArchiveCursor rows) {
        while (rows.current != null && rows.current.offset() < event.offset()) {
            extraRow(rows.current);
            rows.next();
        }
        ArchiveRow row = rows.current;
        if (!chained) {
            if (row != null && row.offset() == event.offset()) {
                result.found(new Finding(Finding.ARCHIVE_DIFFERS, aggregateType, row.aggregateId(), row.version(), partition, row.offset(),
                        "the archive holds an event that does not follow its aggregate's chain"));
                rows.next();
            }
        } else if (row != null && row.offset() == event.offset()) {
            EventMetadata m = event.metadata();
            String differs = !row.eventId().equals(m.getEventId()) ? "event id " + row.eventId()
                    : !row.aggregateId().equals(m.getAggregateId()) || row.version() != m.getVersion() ? "aggregate " + row.aggregateId() + " v" + row.version()
                    : !row.hash().equals(EventJson.hex(m.getHash())) ? "hash " + row.hash()
                    : !row.payload().equals(EventJson.payload(event)) ? "payload " + row.payload()
                    : null;
            if (differs != null) {
                found(Finding.ARCHIVE_DIFFERS, event, "the archive row has " + differs);
            }
            rows.next();
        } else if (event.offset() < archived) {
            found(Finding.MISSING_FROM_ARCHIVE, event, "the archive has applied this partition up to offset " + archived + " but has no row for it");
        }
    }

    private void extraRow(ArchiveRow row) {
        result.found(new Finding(Finding.ARCHIVE_ROW_NOT_IN_LOG, aggregateType, row.aggregateId(), row.version(), partition, row.offset(),
                "the archive has a row for an offset with no committed event in the log"));
    }

    private void found(String kind, LogEvent event, String detail) {
        EventMetadata m = event.metadata();
        result.found(new Finding(kind, aggregateType, m.getAggregateId(), m.getVersion(), event.partition(), event.offset(), detail));
    }

    private record ArchiveRow(long offset, String eventId, String aggregateId, long version, String hash, JsonNode payload) {
    }

    /** The archive rows of the partition, one ahead. */
    private static final class ArchiveCursor {

        private final ResultSet rows;
        ArchiveRow current;

        ArchiveCursor(ResultSet rows) {
            this.rows = rows;
            next();
        }

        void next() {
            try {
                current = rows.next() ? new ArchiveRow(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4),
                        java.util.HexFormat.of().formatHex(rows.getBytes(5)), EventJson.JSON.readTree(rows.getString(6))) : null;
            } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("reading the archive failed: " + e.getMessage(), e);
            }
        }
    }
}
