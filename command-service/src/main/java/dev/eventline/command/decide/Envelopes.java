package dev.eventline.command.decide;

import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.EventMetadata;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds and opens any domain's envelopes: records with a {@code metadata} and a {@code payload}
 * field (see envelope.avdl), so the platform never names a domain's classes.
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

    static EventMetadata eventMetadata(SpecificRecord envelope) {
        return (EventMetadata) field(envelope, "metadata");
    }

    static Object payload(SpecificRecord envelope) {
        return field(envelope, "payload");
    }

    private static Object field(SpecificRecord envelope, String name) {
        Schema.Field field = envelope.getSchema().getField(name);
        if (field == null) {
            throw new IllegalArgumentException(envelope.getSchema().getFullName() + " has no " + name + " field");
        }
        return envelope.get(field.pos());
    }
}
