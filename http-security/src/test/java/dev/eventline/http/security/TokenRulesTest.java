package dev.eventline.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micronaut.security.token.Claims;
import org.junit.jupiter.api.Test;

class TokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final TokenRules rules = new TokenRules(new TokenSettings(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldAcceptATokenWithEveryRequiredClaim() {
        assertThat(rules.validate(claims(Map.of()), null)).isTrue();
        assertThat(rules.validate(claims(Map.of(Claims.AUDIENCE, List.of("other", "eventline"))), null)).as("one audience of several").isTrue();
    }

    @Test
    void shouldRequireAnExpiryInTheFutureWithinTheSkew() {
        assertThat(rules.validate(without(Claims.EXPIRATION_TIME), null)).as("no exp: it would never expire").isFalse();
        assertThat(rules.validate(claims(Map.of(Claims.EXPIRATION_TIME, date(NOW.minusSeconds(10)))), null)).as("within the skew").isTrue();
        assertThat(rules.validate(claims(Map.of(Claims.EXPIRATION_TIME, date(NOW.minusSeconds(31)))), null)).isFalse();
        assertThat(rules.validate(claims(Map.of(Claims.EXPIRATION_TIME, "tomorrow")), null)).as("unreadable").isFalse();
    }

    @Test
    void shouldRefuseATokenNotValidYetOrIssuedInTheFuture() {
        assertThat(rules.validate(claims(Map.of(Claims.NOT_BEFORE, date(NOW.plusSeconds(60)))), null)).isFalse();
        assertThat(rules.validate(claims(Map.of(Claims.NOT_BEFORE, date(NOW.plusSeconds(20)))), null)).as("within the skew").isTrue();
        assertThat(rules.validate(claims(Map.of(Claims.ISSUED_AT, date(NOW.plusSeconds(3600)))), null)).isFalse();
        assertThat(rules.validate(without(Claims.NOT_BEFORE), null)).as("nbf is optional").isTrue();
    }

    @Test
    void shouldRequireTheConfiguredIssuerAndAudience() {
        assertThat(rules.validate(claims(Map.of(Claims.ISSUER, "https://evil.example")), null)).isFalse();
        assertThat(rules.validate(without(Claims.ISSUER), null)).isFalse();
        assertThat(rules.validate(claims(Map.of(Claims.AUDIENCE, "another-api")), null)).isFalse();
        assertThat(rules.validate(claims(Map.of(Claims.AUDIENCE, List.of("another-api"))), null)).isFalse();
        assertThat(rules.validate(without(Claims.AUDIENCE), null)).isFalse();
    }

    private static Date date(Instant at) {
        return Date.from(at);
    }

    private static Claims without(String name) {
        Map<String, Object> values = valid();
        values.remove(name);
        return of(values);
    }

    private static Claims claims(Map<String, Object> changes) {
        Map<String, Object> values = valid();
        values.putAll(changes);
        return of(values);
    }

    private static Map<String, Object> valid() {
        Map<String, Object> values = new HashMap<>();
        values.put(Claims.SUBJECT, "alice");
        values.put(Claims.ISSUER, "eventline-dev");
        values.put(Claims.AUDIENCE, "eventline");
        values.put(Claims.EXPIRATION_TIME, date(NOW.plusSeconds(600)));
        values.put(Claims.NOT_BEFORE, date(NOW.minusSeconds(5)));
        values.put(Claims.ISSUED_AT, date(NOW));
        return values;
    }

    private static Claims of(Map<String, Object> values) {
        return new Claims() {
            @Override
            public Object get(String name) {
                return values.get(name);
            }

            @Override
            public Set<String> names() {
                return values.keySet();
            }

            @Override
            public boolean contains(String name) {
                return values.containsKey(name);
            }
        };
    }
}
