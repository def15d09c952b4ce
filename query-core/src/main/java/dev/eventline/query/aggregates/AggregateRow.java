package dev.eventline.query.aggregates;

import java.time.Instant;

import io.micronaut.core.annotation.Nullable;

/** One row of the generic read model: an aggregate's state as its domain folded it, as JSON text. */
public record AggregateRow(String type, String id, @Nullable String owner, long version, String stateJson, Instant createdAt,
                           Instant updatedAt) {
}
