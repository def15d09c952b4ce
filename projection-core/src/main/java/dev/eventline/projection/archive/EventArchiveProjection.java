package dev.eventline.projection.archive;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.projection.core.ProjectedRecord;
import dev.eventline.projection.core.Projection;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.Topic;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The generic read model of every registered aggregate type, in one transaction per batch:
 * {@code event_archive}, every event with its log position, metadata, hashes and the payload as
 * JSONB (an aggregate's history for the query service, the index that lets the replay tool seek
 * straight to an aggregate's events, and the copy it checks against the log), and
 * {@code aggregates}, each aggregate's current state ({@link AggregateStates}). Rows are keyed by
 * aggregate and version, so nothing is doubled.
 */
public class EventArchiveProjection implements Projection {

    private final AggregateStates states;

    /** For tools that find projections with {@link java.util.ServiceLoader}: the domains on the classpath. */
    public EventArchiveProjection() {
        this(Domains.discover());
    }

    public EventArchiveProjection(Domains domains) {
        this.states = new AggregateStates(domains);
    }

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public int version() {
        return 2; // 2: aggregates, the folded states
    }

    @Override
    public String migrations() {
        return "classpath:db/projections/archive";
    }

    @Override
    public List<Topic<String, ? extends SpecificRecord>> topics(EventlineTopics topics, Domains domains) {
        return domains.all().stream().map(AggregateType::name).<Topic<String, ? extends SpecificRecord>>map(topics::events).toList();
    }

    @Override
    public void apply(Connection connection, List<ProjectedRecord> records) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into event_archive (topic, partition, \"offset\", event_id, "
                + "aggregate_type, aggregate_id, version, event_type, occurred_at, recorded_at, command_id, correlation_id, causation_id, "
                + "client_id, prev_hash, hash, payload) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict do nothing")) {
            for (ProjectedRecord record : records) {
                EventMetadata m = record.eventMetadata();
                SpecificRecord payload = record.payload();
                insert.setString(1, record.topic());
                insert.setInt(2, record.partition());
                insert.setLong(3, record.offset());
                insert.setObject(4, UUID.fromString(m.getEventId()));
                insert.setString(5, m.getAggregateType());
                insert.setString(6, m.getAggregateId());
                insert.setLong(7, m.getVersion());
                insert.setString(8, payload.getSchema().getName());
                insert.setTimestamp(9, Timestamp.from(m.getOccurredAt()));
                insert.setTimestamp(10, Timestamp.from(record.timestamp()));
                insert.setString(11, m.getCommandId());
                insert.setString(12, m.getCorrelationId());
                insert.setString(13, m.getCausationId());
                insert.setString(14, m.getClientId());
                insert.setBytes(15, bytes(m.getPrevHash()));
                insert.setBytes(16, bytes(m.getHash()));
                insert.setString(17, SpecificData.get().toString(payload));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        states.apply(connection, records);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
