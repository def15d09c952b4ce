package dev.eventline.projection.core;

import java.time.Instant;

import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.envelope.EventMetadata;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * A decoded record of a projected topic, with where it came from and its key. {@code asWritten} is
 * the value decoded with the schema it was written with ({@link dev.eventline.schemas.serde.WriterSchemas}),
 * what an event's hash is checked against; most often {@code value} itself.
 */
public record ProjectedRecord(String topic, int partition, long offset, Instant timestamp, String key, SpecificRecord value,
                              IndexedRecord asWritten) {

    /** A record whose value was written with the reader's own schema. */
    public ProjectedRecord(String topic, int partition, long offset, Instant timestamp, String key, SpecificRecord value) {
        this(topic, partition, offset, timestamp, key, value, value);
    }

    /** Whether the value is an event envelope, which the projection applies only where it follows its aggregate's chain. */
    public boolean isEvent() {
        return Envelopes.isEvent(value);
    }

    /** The metadata of an event envelope (a record with {@code metadata} and {@code payload}). */
    public EventMetadata eventMetadata() {
        return Envelopes.eventMetadata(value);
    }

    /** The payload of an event envelope: one of the aggregate's event records. */
    public SpecificRecord payload() {
        return Envelopes.payload(value);
    }
}
