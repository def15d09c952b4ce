package dev.eventline.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenValidator;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final MovableClock clock = new MovableClock(NOW);
    private final TokenSettings settings = new TokenSettings();
    private final CountingValidator signatures = new CountingValidator();

    @Test
    void aTokenIsVerifiedOnceWhileItIsUnexpired() {
        ReactiveJsonWebTokenValidator<String, Object> validator = remembering();
        signatures.accept("good", NOW.plusSeconds(600));

        assertThat(clientOf(validator, "good")).containsExactly("client-a");
        clock.advance(Duration.ofSeconds(120));
        assertThat(clientOf(validator, "good")).containsExactly("client-a");
        assertThat(clientOf(validator, "good")).containsExactly("client-a");

        assertThat(signatures.checks("good")).isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsCheckedAgainEveryTime() {
        ReactiveJsonWebTokenValidator<String, Object> validator = remembering();

        assertThat(clientOf(validator, "not-yet-valid")).isEmpty();
        assertThat(clientOf(validator, "not-yet-valid")).isEmpty();

        assertThat(signatures.checks("not-yet-valid")).isEqualTo(2);
    }

    @Test
    void aRememberedTokenPastItsExpiryAndTheSkewIsCheckedAgainAndRefused() {
        ReactiveJsonWebTokenValidator<String, Object> validator = remembering();
        signatures.accept("short", NOW.plusSeconds(60));
        assertThat(clientOf(validator, "short")).containsExactly("client-a");

        clock.advance(Duration.ofSeconds(60 + 20));
        assertThat(clientOf(validator, "short")).as("expired, but within the 30 s skew").containsExactly("client-a");
        assertThat(signatures.checks("short")).isEqualTo(1);

        signatures.refuse("short"); // what the real validator says of an expired token
        clock.advance(Duration.ofSeconds(11));
        assertThat(clientOf(validator, "short")).isEmpty();
        assertThat(signatures.checks("short")).isEqualTo(2);
    }

    @Test
    void aCacheOfSizeZeroLeavesTheValidatorAsItIs() {
        settings.setVerifiedCacheSize(0);
        VerifiedTokens tokens = new VerifiedTokens(settings, new TokenRules(settings, clock), clock);

        assertThat(tokens.remembering(signatures)).isSameAs(signatures);
    }

    @Test
    void theCacheIsBounded() {
        settings.setVerifiedCacheSize(100);
        VerifiedTokens tokens = new VerifiedTokens(settings, new TokenRules(settings, clock), clock);
        ReactiveJsonWebTokenValidator<String, Object> validator = tokens.remembering(signatures);
        for (int i = 0; i < 1_000; i++) {
            signatures.accept("token-" + i, NOW.plusSeconds(600));
            clientOf(validator, "token-" + i);
        }

        assertThat(tokens.remembered()).isLessThanOrEqualTo(100);
    }

    private ReactiveJsonWebTokenValidator<String, Object> remembering() {
        return new VerifiedTokens(settings, new TokenRules(settings, clock), clock).remembering(signatures);
    }

    private static List<String> clientOf(ReactiveJsonWebTokenValidator<String, Object> validator, String token) {
        return Flux.from(validator.validateToken(token, null)).map(Authentication::getName).collectList().block();
    }

    /** Stands for the signature check: accepts the tokens it was told to, counting each check. */
    private static final class CountingValidator implements ReactiveJsonWebTokenValidator<String, Object> {

        private final Map<String, Instant> accepted = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> checks = new java.util.concurrent.ConcurrentHashMap<>();

        void accept(String token, Instant expiry) {
            accepted.put(token, expiry);
        }

        void refuse(String token) {
            accepted.remove(token);
        }

        int checks(String token) {
            return checks.getOrDefault(token, new AtomicInteger()).get();
        }

        @Override
        public Publisher<Authentication> validateToken(String token, Object request) {
            checks.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
            Instant expiry = accepted.get(token);
            return expiry == null ? Mono.empty()
                    : Mono.just(Authentication.build("client-a", Set.of("commands:write"), Map.of(Claims.EXPIRATION_TIME, Date.from(expiry))));
        }

        @Override
        public Publisher<String> validate(String token, Object request) {
            return Mono.justOrEmpty(accepted.containsKey(token) ? token : null);
        }
    }

    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
