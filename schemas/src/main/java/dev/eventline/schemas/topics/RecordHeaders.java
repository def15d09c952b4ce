package dev.eventline.schemas.topics;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Kafka record headers the platform sets. The correlation id is also inside every envelope's
 * metadata (the record of truth); the header lets logs and tools follow a command without
 * decoding Avro. Kafka Streams copies an input record's headers to what it produces from it, so
 * the header set on a request reaches its command, events and outcome.
 */
public final class RecordHeaders {

    /** The HTTP request's {@code X-Correlation-Id}, UTF-8. */
    public static final String CORRELATION_ID = "eventline-correlation-id";

    private RecordHeaders() {
    }

    public static void correlationId(Headers headers, String correlationId) {
        headers.remove(CORRELATION_ID);
        headers.add(CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
    }

    /** The record's correlation id, or {@code null} when it has none (records written by other tools). */
    public static String correlationId(Headers headers) {
        Header header = headers.lastHeader(CORRELATION_ID);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
