package dev.eventline.replay.export;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventline.replay.history.EventJson;
import dev.eventline.replay.source.LogEvent;
import dev.eventline.schemas.envelope.EventMetadata;

/** One exported event, whichever source it came from: metadata, place in the log, both hashes, the payload. */
record ExportedEvent(String aggregateType, String aggregateId, long version, String type, Instant occurredAt, Instant recordedAt,
                     String eventId, String commandId, String clientId, String correlationId, String causationId,
                     String topic, int partition, long offset, String prevHash, String hash, JsonNode payload) {

    /** The columns {@link #of(ResultSet)} reads, in its order. */
    static final String ARCHIVE_COLUMNS = "aggregate_type, aggregate_id, version, event_type, occurred_at, recorded_at, event_id::text, "
            + "command_id, client_id, correlation_id, causation_id, topic, partition, \"offset\", prev_hash, hash, payload::text";

    /** As the log holds it; recorded is the record's timestamp. */
    static ExportedEvent of(LogEvent event) {
        EventMetadata m = event.metadata();
        return new ExportedEvent(m.getAggregateType(), m.getAggregateId(), m.getVersion(), event.payload().getSchema().getName(),
                m.getOccurredAt(), event.timestamp(), m.getEventId(), m.getCommandId(), m.getClientId(), m.getCorrelationId(),
                m.getCausationId(), event.topic(), event.partition(), event.offset(), EventJson.hex(m.getPrevHash()), EventJson.hex(m.getHash()),
                EventJson.payload(event));
    }

    /** As the archive holds it: a row of {@link #ARCHIVE_COLUMNS}. */
    static ExportedEvent of(ResultSet rs) throws SQLException {
        try {
            return new ExportedEvent(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                    rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                    rs.getString(12), rs.getInt(13), rs.getLong(14), HexFormat.of().formatHex(rs.getBytes(15)),
                    HexFormat.of().formatHex(rs.getBytes(16)), EventJson.JSON.readTree(rs.getString(17)));
        } catch (JsonProcessingException e) {
            throw new SQLException("an archived payload is not JSON", e);
        }
    }

    boolean occurredIn(Instant from, Instant to) {
        return !occurredAt.isBefore(from) && occurredAt.isBefore(to);
    }

    /** A JSON lines record. */
    Map<String, Object> json() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("aggregateType", aggregateType);
        event.put("aggregateId", aggregateId);
        event.put("version", version);
        event.put("type", type);
        event.put("occurredAt", occurredAt.toString());
        event.put("recordedAt", recordedAt.toString());
        event.put("eventId", eventId);
        event.put("commandId", commandId);
        event.put("clientId", clientId);
        event.put("correlationId", correlationId);
        event.put("causationId", causationId);
        event.put("topic", topic);
        event.put("partition", partition);
        event.put("offset", offset);
        event.put("prevHash", prevHash);
        event.put("hash", hash);
        event.put("payload", payload);
        return event;
    }
}
