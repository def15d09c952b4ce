package dev.eventline.command.limits;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventline.command.admission.TokenBucket;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * A first check of a client's limit at the HTTP edge, before the command costs a trip through
 * Kafka. The admission stage stays the authority: it sees all of a client's commands, whichever
 * instance took them. This instance sees only part of them, with the same limit, a few
 * milliseconds before admission does: it refuses only what admission would refuse too, give or
 * take the refill of those milliseconds. Under overload the excess is answered at once and no
 * longer competes with admitted commands for the stages ({@code eventline.edge.early-refusal}).
 */
@Singleton
@Requires(property = "eventline.edge.early-refusal", notEquals = "false")
public class EdgeRateLimits {

    private record Local(TokenBucket bucket, TokenBucket.Limit limit, boolean taken) {
    }

    private final ClientLimits limits;
    private final Map<String, Local> buckets = new ConcurrentHashMap<>();

    public EdgeRateLimits(ClientLimits limits) {
        this.limits = limits;
    }

    /** Empty when the command goes on to admission; else the milliseconds until the client has a token. */
    public OptionalLong refuse(String clientId) {
        TokenBucket.Limit limit;
        try {
            ClientLimits.Effective effective = limits.effective(clientId);
            limit = new TokenBucket.Limit(effective.capacity(), effective.refillTokens(), effective.refillPeriodMillis());
        } catch (InvalidStateStoreException e) {
            return OptionalLong.empty(); // limits being restored: admission decides alone
        }
        long now = System.currentTimeMillis();
        Local after = buckets.compute(clientId, (client, before) -> {
            TokenBucket bucket = before == null ? TokenBucket.full(limit, now)
                    : (before.limit().equals(limit) ? before.bucket() : before.bucket().underLimitChange(before.limit(), limit));
            bucket = bucket.refilled(limit, now);
            return bucket.hasToken() ? new Local(bucket.take(), limit, true) : new Local(bucket, limit, false);
        });
        return after.taken() ? OptionalLong.empty() : OptionalLong.of(after.bucket().millisUntilToken(limit));
    }

    /** A full bucket is the same as none: dropping it keeps the map to the clients sending now. */
    @Scheduled(fixedDelay = "1m")
    void forgetIdleClients() {
        long now = System.currentTimeMillis();
        buckets.entrySet().removeIf(e -> e.getValue().bucket().refilled(e.getValue().limit(), now).milliTokens()
                >= e.getValue().limit().capacity() * 1000);
    }
}
