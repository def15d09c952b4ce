package dev.eventline.query.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventline.http.problem.Problem;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.SecurityFilter;

/**
 * Per-client read limits on this instance: a token bucket of {@code capacity} reads refilled by
 * {@code refill-tokens} every {@code refill-period}. Every answer carries the IETF
 * {@code RateLimit-Policy} and {@code RateLimit} fields; an empty bucket answers 429 with
 * {@code Retry-After}.
 */
@ServerFilter("/v1/**")
public class ReadRateLimits implements Ordered {

    private static final String PROBE = "eventline.read-limit";

    private final long capacity;
    private final long refillTokens;
    private final Duration refillPeriod;
    private final String policy;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public ReadRateLimits(@Value("${eventline.query.limits.capacity:200}") long capacity,
                          @Value("${eventline.query.limits.refill-tokens:100}") long refillTokens,
                          @Value("${eventline.query.limits.refill-period:1s}") Duration refillPeriod, MeterRegistry registry) {
        this.registry = registry;
        this.capacity = capacity;
        this.refillTokens = refillTokens;
        this.refillPeriod = refillPeriod;
        long window = Math.max(1, refillPeriod.toSeconds());
        this.policy = "\"reads\";q=" + Math.max(1, refillTokens * window * 1000 / Math.max(1, refillPeriod.toMillis())) + ";w=" + window;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after(); // the client is known
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> admit(HttpRequest<?> request) {
        String client = request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class).map(Authentication::getName).orElse(null);
        if (client == null) {
            return null; // the security rules answer 401
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(client, c -> newBucket()).tryConsumeAndReturnRemaining(1);
        request.setAttribute(PROBE, probe);
        if (probe.isConsumed()) {
            return null;
        }
        long retryAfter = seconds(probe.getNanosToWaitForRefill());
        // No client label: the scrape is public (docs/security.md).
        Counter.builder("eventline.reads.rate.limited").description("reads refused with 429 by the client's read limit")
                .register(registry).increment();
        // Answered here, so the response filter below does not see it: the fields go on now.
        return describe(probe, Problem.of(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many requests")
                .detail("read limit of client " + client + " reached; retry after " + retryAfter + " s")
                .with("retryAfterMillis", probe.getNanosToWaitForRefill() / 1_000_000)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter)).toResponse(request));
    }

    @ResponseFilter
    public void describe(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(PROBE, ConsumptionProbe.class).ifPresent(probe -> describe(probe, response));
    }

    private <T> MutableHttpResponse<T> describe(ConsumptionProbe probe, MutableHttpResponse<T> response) {
        long reset = probe.isConsumed() && probe.getRemainingTokens() > 0 ? 0 : seconds(probe.getNanosToWaitForRefill());
        response.getHeaders().set("RateLimit-Policy", policy);
        response.getHeaders().set("RateLimit", "\"reads\";r=" + probe.getRemainingTokens() + ";t=" + reset);
        return response;
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** A full bucket is the same as a new one: dropping it keeps the map to the clients reading now. */
    @Scheduled(fixedDelay = "1m")
    void forgetIdleClients() {
        buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= capacity);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(refillTokens, refillPeriod).build())
                .build();
    }
}
