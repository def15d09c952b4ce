package dev.eventline.command.admission;

import java.time.Duration;

/**
 * @param defaultCapacity     burst a client without its own limit may send (default 200)
 * @param defaultRefillTokens tokens added per period for such a client (default 100)
 * @param defaultRefillPeriod the period (default 1 s)
 * @param keyRetention        how long an Idempotency-Key is remembered per client (default 24 h)
 * @param purgeInterval       how often expired keys are removed
 */
public record AdmissionSettings(long defaultCapacity, long defaultRefillTokens, Duration defaultRefillPeriod,
                                Duration keyRetention, Duration purgeInterval) {

    public static AdmissionSettings defaults() {
        return new AdmissionSettings(200, 100, Duration.ofSeconds(1), Duration.ofHours(24), Duration.ofSeconds(10));
    }

    TokenBucket.Limit defaultLimit() {
        return new TokenBucket.Limit(defaultCapacity, defaultRefillTokens, defaultRefillPeriod.toMillis());
    }
}
