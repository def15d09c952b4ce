package dev.eventline.schemas.topics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

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
    /**
     * When the admission stage let a command through and when the decide stage decided it (epoch
     * microseconds, 8 bytes): the edge turns them into the answer's {@code Server-Timing}. Only on
     * commands and outcomes; the decide stage keeps them off the events, which are kept forever.
     */
    public static final String ADMITTED_AT = "eventline-admitted-at";
    public static final String DECIDED_AT = "eventline-decided-at";

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

    public static void stamp(Headers headers, String name, Instant at) {
        headers.remove(name);
        headers.add(name, ByteBuffer.allocate(Long.BYTES).putLong(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000).array());
    }

    /** A time {@link #stamp} set, if the record has it. */
    public static Optional<Instant> stamped(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null || header.value().length != Long.BYTES) {
            return Optional.empty();
        }
        long micros = ByteBuffer.wrap(header.value()).getLong();
        return Optional.of(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L));
    }

    /** Takes the stage times off a record (one that is kept: an event). */
    public static void unstamp(Headers headers) {
        headers.remove(ADMITTED_AT);
        headers.remove(DECIDED_AT);
    }
}
