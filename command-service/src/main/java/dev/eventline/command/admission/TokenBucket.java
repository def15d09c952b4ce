package dev.eventline.command.admission;

/**
 * A client's token bucket at an instant, refilled continuously: {@code refillTokens} every
 * {@code refillPeriodMillis}, up to {@code capacity}. Tokens are kept in thousandths so that slow
 * refill rates do not round to zero between two requests. The admission stage keeps the
 * authoritative one per client; the HTTP edge keeps a local one to refuse early.
 */
public record TokenBucket(long milliTokens, long atMillis) {

    public static TokenBucket full(Limit limit, long nowMillis) {
        return new TokenBucket(limit.capacity() * 1000, nowMillis);
    }

    public TokenBucket refilled(Limit limit, long nowMillis) {
        long elapsed = Math.max(0, nowMillis - atMillis);
        long added = elapsed >= limit.refillPeriodMillis() * 1000L ? Long.MAX_VALUE / 2
                : elapsed * limit.refillTokens() * 1000 / limit.refillPeriodMillis();
        return new TokenBucket(Math.min(limit.capacity() * 1000, milliTokens + added), nowMillis);
    }

    /**
     * The bucket under a changed limit: a raised capacity adds its extra tokens at once (an
     * administrator raising a limit expects it to apply now), a lowered one clamps.
     */
    public TokenBucket underLimitChange(Limit from, Limit to) {
        long raise = Math.max(0, to.capacity() - from.capacity()) * 1000;
        return new TokenBucket(Math.min(to.capacity() * 1000, milliTokens + raise), atMillis);
    }

    public boolean hasToken() {
        return milliTokens >= 1000;
    }

    public TokenBucket take() {
        return new TokenBucket(milliTokens - 1000, atMillis);
    }

    /** Milliseconds until a whole token is back (0 when one is there). */
    public long millisUntilToken(Limit limit) {
        if (hasToken()) {
            return 0;
        }
        long missing = 1000 - milliTokens;
        return (missing * limit.refillPeriodMillis() + limit.refillTokens() * 1000 - 1) / (limit.refillTokens() * 1000);
    }

    /** A client's limit: the bucket size and its refill rate. */
    public record Limit(long capacity, long refillTokens, long refillPeriodMillis) {
        public Limit {
            if (capacity < 1 || refillTokens < 1 || refillPeriodMillis < 1) {
                throw new IllegalArgumentException("a limit has a capacity, refill tokens and refill period of at least 1");
            }
        }
    }
}
