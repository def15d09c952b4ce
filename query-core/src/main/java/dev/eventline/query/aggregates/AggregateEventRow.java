package dev.eventline.query.aggregates;

import java.time.Instant;

/** One event of an aggregate's history, its payload as the archive keeps it (JSON text). */
public record AggregateEventRow(long version, String eventId, String type, Instant occurredAt, String commandId, String correlationId,
                                String causationId, String clientId, String payloadJson) {
}
