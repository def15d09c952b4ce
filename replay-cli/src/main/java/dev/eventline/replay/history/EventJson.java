package dev.eventline.replay.history;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventline.replay.source.LogEvent;
import dev.eventline.schemas.envelope.EventMetadata;

/** An event as auditors read it: its metadata, its place in the log, its hashes and its payload. */
public final class EventJson {

    public static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {
    }

    public static Map<String, Object> of(LogEvent event) {
        EventMetadata m = event.metadata();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("aggregateType", m.getAggregateType());
        json.put("aggregateId", m.getAggregateId());
        json.put("version", m.getVersion());
        json.put("type", event.payload().getSchema().getName());
        json.put("occurredAt", m.getOccurredAt().toString());
        json.put("eventId", m.getEventId());
        json.put("commandId", m.getCommandId());
        json.put("clientId", m.getClientId());
        json.put("correlationId", m.getCorrelationId());
        json.put("causationId", m.getCausationId());
        json.put("topic", event.topic());
        json.put("partition", event.partition());
        json.put("offset", event.offset());
        json.put("prevHash", hex(m.getPrevHash()));
        json.put("hash", hex(m.getHash()));
        json.put("payload", payload(event));
        return json;
    }

    /** The payload as JSON, written the way the archive stores it. */
    public static JsonNode payload(LogEvent event) {
        try {
            return PayloadTree.of(event.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payload of " + event.topic() + "/" + event.partition() + "@" + event.offset() + " is not JSON", e);
        }
    }

    public static String hex(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static String line(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
