package dev.eventline.projection.core;

import java.time.Instant;

import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.envelope.EventMetadata;
import org.apache.avro.specific.SpecificRecord;

/** A decoded record of a projected topic, with where it came from. */
public record ProjectedRecord(String topic, int partition, long offset, Instant timestamp, SpecificRecord value) {

    /** The metadata of an event envelope (a record with {@code metadata} and {@code payload}). */
    public EventMetadata eventMetadata() {
        return Envelopes.eventMetadata(value);
    }

    /** The payload of an event envelope: one of the aggregate's event records. */
    public SpecificRecord payload() {
        return Envelopes.payload(value);
    }
}
