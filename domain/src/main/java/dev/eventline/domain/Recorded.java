package dev.eventline.domain;

import java.time.Instant;

/** An event as it sits in an aggregate's history: its version and when it happened. */
public record Recorded<E>(long version, Instant occurredAt, E event) {
}
