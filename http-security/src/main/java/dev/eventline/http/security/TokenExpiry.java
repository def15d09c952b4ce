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
        return instantOf(authentication.getAttributes().get(Claims.EXPIRATION_TIME));
    }

    /** A time claim as the JWT library or the authentication hands it over: a Date, an Instant or epoch seconds. */
    static Optional<Instant> instantOf(Object exp) {
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
