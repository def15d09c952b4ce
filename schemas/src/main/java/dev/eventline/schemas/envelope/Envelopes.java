package dev.eventline.schemas.envelope;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds and opens any domain's envelopes: records with a {@code metadata} and a {@code payload}
 * field (see envelope.avdl), so the platform never names a domain's classes. The one place that
 * knows the two fields by name: every service and the replay tool open envelopes here; and the one
 * factory of the metadata the platform writes itself (issued commands, dead letters).
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

    /**
     * The metadata of a command a client sent: its id derives from the client and its idempotency
     * key, so a retry is the same command; it causes itself (the head of its causation chain), and
     * the hash of what was sent tells a retry from a reuse of the key for something else.
     */
    /** A client's command id: the same for every send of one idempotency key, distinct between clients. */
    public static String clientCommandId(String clientId, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("eventline-command\u0000" + clientId + "\u0000" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static CommandMetadata clientCommand(String clientId, String idempotencyKey, String aggregateType, String aggregateId,
                                                String commandType, Long expectedVersion, byte[] payloadHash, List<String> roles,
                                                String correlationId, String replyTo, Instant at) {
        String commandId = clientCommandId(clientId, idempotencyKey);
        return CommandMetadata.newBuilder()
                .setCommandId(commandId)
                .setAggregateType(aggregateType)
                .setAggregateId(aggregateId)
                .setCommandType(commandType)
                .setExpectedVersion(expectedVersion)
                .setIdempotencyKey(idempotencyKey)
                .setPayloadHash(ByteBuffer.wrap(payloadHash))
                .setClientId(clientId)
                .setRoles(roles)
                .setCorrelationId(correlationId)
                .setCausationId(commandId)
                .setReceivedAt(at)
                .setReplyTo(replyTo)
                .build();
    }

    /**
     * The metadata of a command the platform itself issues (a process manager's instruction, or the
     * answer to one): its deterministic id is also its idempotency key, so a retried issue is the
     * same command; it has no client payload to hash.
     */
    public static CommandMetadata issuedCommand(String commandId, String aggregateType, String aggregateId, SpecificRecord payload,
                                                String clientId, Collection<String> roles, String correlationId, String causationId,
                                                Instant at, ProcessStep process) {
        return CommandMetadata.newBuilder()
                .setCommandId(commandId)
                .setAggregateType(aggregateType)
                .setAggregateId(aggregateId)
                .setCommandType(payload.getSchema().getName())
                .setIdempotencyKey(commandId)
                .setPayloadHash(ByteBuffer.wrap(new byte[32]))
                .setClientId(clientId)
                .setRoles(List.copyOf(roles))
                .setCorrelationId(correlationId)
                .setCausationId(causationId)
                .setReceivedAt(at)
                .setProcess(process)
                .build();
    }

    /** A record a stage could not process, with where it came from and why; the stage goes on. */
    public static DeadLetter deadLetter(String topic, int partition, long offset, String key, byte[] value, String stage, Throwable error,
                                        Instant at, String correlationId) {
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setStage(stage)
                .setErrorClass(error.getClass().getName())
                .setErrorMessage(String.valueOf(error.getMessage()))
                .setFailedAt(at)
                .setCorrelationId(correlationId)
                .build();
    }

    public static CommandMetadata commandMetadata(SpecificRecord envelope) {
        Object metadata = field(envelope, "metadata");
        if (!(metadata instanceof CommandMetadata command)) {
            throw new IllegalArgumentException(envelope.getSchema().getFullName() + " is not a command envelope");
        }
        return command;
    }

    /** Whether the record is an event envelope (its {@code metadata} an {@link EventMetadata}). */
    public static boolean isEvent(SpecificRecord record) {
        Schema.Field field = record.getSchema().getField("metadata");
        return field != null && record.get(field.pos()) instanceof EventMetadata;
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
