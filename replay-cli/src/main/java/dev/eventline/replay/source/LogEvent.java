package dev.eventline.replay.source;

import java.time.Instant;

import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.envelope.EventMetadata;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event as it sits in the log: where, the envelope decoded into the platform's classes (to
 * fold), and as written (to check its hash): decoded with the schema it was written with, or the
 * envelope itself when that schema is the platform's.
 */
public record LogEvent(String topic, int partition, long offset, Instant timestamp, String key, SpecificRecord envelope,
                       IndexedRecord asWritten) {

    public EventMetadata metadata() {
        return Envelopes.eventMetadata(envelope);
    }

    public SpecificRecord payload() {
        return Envelopes.payload(envelope);
    }
}
