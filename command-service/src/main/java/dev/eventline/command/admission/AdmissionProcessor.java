package dev.eventline.command.admission;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;

import dev.eventline.command.CommandResults;
import dev.eventline.command.DeadLetters;
import dev.eventline.command.streams.ExpiringStore;
import dev.eventline.schemas.envelope.ClientRateLimit;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.topics.RecordHeaders;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The admission stage, for one partition of {@code <ns>.requests} (keyed by client id, so this
 * task owns those clients' buckets and keys): take a token from the client's bucket or answer
 * RATE_LIMITED with the wait; refuse an Idempotency-Key reused with another payload; send the
 * command on to {@code <ns>.commands}, keyed by aggregate, with the key's first command id so
 * that the decide stage answers a retry with the original outcome. It may run at-least-once: a
 * command forwarded twice is deduplicated there.
 */
final class AdmissionProcessor implements Processor<String, byte[], String, Admitted> {

    private static final HexFormat HEX = HexFormat.of();

    private final Deserializer<SpecificRecord> requests;
    private final AdmissionSettings settings;
    private ProcessorContext<String, Admitted> context;
    private KeyValueStore<String, String> buckets;
    private ExpiringStore<String> keys;
    private TimestampedKeyValueStore<String, ClientRateLimit> limits;

    AdmissionProcessor(Deserializer<SpecificRecord> requests, AdmissionSettings settings) {
        this.requests = requests;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Admitted> context) {
        this.context = context;
        this.buckets = context.getStateStore(AdmissionTopology.BUCKETS_STORE);
        // A key's value is "<admitted at millis>|<payload hash>|<command id>".
        this.keys = new ExpiringStore<String>(context.getStateStore(AdmissionTopology.KEYS_STORE),
                context.getStateStore(ExpiringStore.indexName(AdmissionTopology.KEYS_STORE)),
                seen -> Long.parseLong(seen.substring(0, seen.indexOf('|'))));
        this.limits = context.getStateStore(AdmissionTopology.LIMITS_STORE);
        context.schedule(settings.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, this::purgeKeys);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        SpecificRecord envelope;
        CommandMetadata metadata;
        try {
            envelope = requests.deserialize(sourceTopic(), record.value());
            metadata = Envelopes.commandMetadata(envelope);
        } catch (RuntimeException e) {
            deadLetter(record, e);
            return;
        }
        long now = context.currentSystemTimeMs();
        TokenBucket.Limit limit = limitOf(metadata.getClientId());
        TokenBucket bucket = bucketOf(metadata.getClientId(), limit, now).refilled(limit, now);
        if (!bucket.hasToken()) {
            buckets.put(metadata.getClientId(), encode(bucket, limit));
            answer(record, metadata, CommandStatus.RATE_LIMITED, "RATE_LIMITED",
                    "client " + metadata.getClientId() + " is over its limit of " + limit.refillTokens() + " per " + limit.refillPeriodMillis() + " ms",
                    bucket.millisUntilToken(limit), now);
            return;
        }
        buckets.put(metadata.getClientId(), encode(bucket.take(), limit));

        String keyId = metadata.getClientId() + "\u0000" + metadata.getIdempotencyKey();
        String payloadHash = HEX.formatHex(bytes(metadata.getPayloadHash()));
        String seen = keys.get(keyId);
        if (seen != null) {
            String[] parts = seen.split("\\|", 3);
            if (!parts[1].equals(payloadHash)) {
                answer(record, metadata, CommandStatus.DUPLICATE_KEY_MISMATCH, "IDEMPOTENCY_KEY_REUSED",
                        "Idempotency-Key " + metadata.getIdempotencyKey() + " was used for another request", null, now);
                return;
            }
            metadata.setCommandId(parts[2]); // a retry: the decide stage answers with the original outcome
        } else {
            keys.put(keyId, now + "|" + payloadHash + "|" + metadata.getCommandId());
        }
        Record<String, Admitted> admitted = record.withKey(metadata.getAggregateId()).withValue(new Admitted.Command(envelope));
        RecordHeaders.stamp(admitted.headers(), RecordHeaders.ADMITTED_AT, Instant.now()); // for the answer's Server-Timing
        context.forward(admitted);
    }

    private TokenBucket.Limit limitOf(String clientId) {
        ValueAndTimestamp<ClientRateLimit> stored = limits.get(clientId);
        if (stored == null || stored.value() == null || stored.value().getDeleted()) {
            return settings.defaultLimit();
        }
        ClientRateLimit limit = stored.value();
        return new TokenBucket.Limit(limit.getCapacity(), limit.getRefillTokens(), limit.getRefillPeriodMillis());
    }

    private TokenBucket bucketOf(String clientId, TokenBucket.Limit limit, long now) {
        String stored = buckets.get(clientId);
        if (stored == null) {
            return TokenBucket.full(limit, now);
        }
        String[] parts = stored.split(":");
        TokenBucket bucket = new TokenBucket(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        TokenBucket.Limit under = new TokenBucket.Limit(Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4]));
        return under.equals(limit) ? bucket : bucket.underLimitChange(under, limit);
    }

    /** The bucket with the limit it was computed under, so a limit change can be applied fairly. */
    private static String encode(TokenBucket bucket, TokenBucket.Limit limit) {
        return bucket.milliTokens() + ":" + bucket.atMillis() + ":" + limit.capacity() + ":" + limit.refillTokens() + ":" + limit.refillPeriodMillis();
    }

    private void answer(Record<String, byte[]> record, CommandMetadata metadata, CommandStatus status, String code, String message,
                        Long retryAfterMillis, long now) {
        CommandResult result = CommandResults.of(metadata, status, Instant.ofEpochMilli(now))
                .setRejectionCode(code)
                .setRejectionMessage(message)
                .setRetryAfterMillis(retryAfterMillis)
                .build();
        context.forward(record.withKey(metadata.getCommandId()).withValue(new Admitted.Result(result)));
    }

    private void deadLetter(Record<String, byte[]> record, RuntimeException error) {
        context.forward(record.withValue(new Admitted.Dead(DeadLetters.of(context, record, "admission", error, null))));
    }

    /** Forgets idempotency keys older than the retention. */
    private void purgeKeys(long nowMillis) {
        keys.purge(nowMillis - settings.keyRetention().toMillis());
    }

    private String sourceTopic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse("requests");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
