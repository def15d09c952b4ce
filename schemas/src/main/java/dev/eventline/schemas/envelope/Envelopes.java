package dev.eventline.schemas.envelope;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds and opens any domain's envelopes: records with a {@code metadata} and a {@code payload}
 * field (see envelope.avdl), so the platform never names a domain's classes. The one place that
 * knows the two fields by name: every service and the replay tool open envelopes here.
 */
public final class Envelopes {

    private Envelopes() {
    }

    public static SpecificRecord wrap(Class<? extends SpecificRecord> envelopeClass, Object metadata, Object payload) {
        Schema schema = SpecificData.get().getSchema(envelopeClass);
        SpecificRecord envelope = (SpecificRecord) SpecificData.newInstance(envelopeClass, schema);
        envelope.put(schema.getField("metadata").pos(), metadata);
        envelope.put(schema.getField("payload").pos(), payload);
        return envelope;
    }

    public static CommandMetadata commandMetadata(SpecificRecord envelope) {
        Object metadata = field(envelope, "metadata");
        if (!(metadata instanceof CommandMetadata command)) {
            throw new IllegalArgumentException(envelope.getSchema().getFullName() + " is not a command envelope");
        }
        return command;
    }

    public static EventMetadata eventMetadata(SpecificRecord envelope) {
        Object metadata = field(envelope, "metadata");
        if (!(metadata instanceof EventMetadata event)) {
            throw new IllegalArgumentException(envelope.getSchema().getFullName() + " is not an event envelope");
        }
        return event;
    }

    /** The command or event inside: one of the aggregate's own records. */
    public static SpecificRecord payload(SpecificRecord envelope) {
        return (SpecificRecord) field(envelope, "payload");
    }

    private static Object field(SpecificRecord envelope, String name) {
        Schema.Field field = envelope.getSchema().getField(name);
        if (field == null) {
            throw new IllegalArgumentException(envelope.getSchema().getFullName() + " has no " + name + " field");
        }
        return envelope.get(field.pos());
    }
}
