package dev.eventline.replay.source;

import java.time.Instant;

import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.envelope.EventMetadata;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event as it sits in the log: where, the envelope decoded into the platform's classes (to
 * fold), and decoded with the schema it was written with (to check its hash).
 */
public record LogEvent(String topic, int partition, long offset, Instant timestamp, String key, SpecificRecord envelope,
                       GenericRecord asWritten) {

    public EventMetadata metadata() {
        return Envelopes.eventMetadata(envelope);
    }

    public SpecificRecord payload() {
        return Envelopes.payload(envelope);
    }
}
