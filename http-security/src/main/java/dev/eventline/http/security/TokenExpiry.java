package dev.eventline.http.security;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.Claims;

/** When the caller's bearer token expires, for answers that outlive a request (streams end then). */
public final class TokenExpiry {

    private TokenExpiry() {
    }

    public static Optional<Instant> of(Authentication authentication) {
        Object exp = authentication.getAttributes().get(Claims.EXPIRATION_TIME);
        if (exp instanceof Date date) {
            return Optional.of(date.toInstant());
        }
        if (exp instanceof Instant instant) {
            return Optional.of(instant);
        }
        if (exp instanceof Number seconds) {
            return Optional.of(Instant.ofEpochSecond(seconds.longValue()));
        }
        return Optional.empty();
    }
}
