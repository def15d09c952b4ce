package dev.eventline.http.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The claims every service requires of a bearer token whose signature checked out: an expiry
 * ({@code exp}, required: a token without one would never expire), not used before {@code nbf} nor
 * issued in the future ({@code iat}), each within the configured clock skew; the configured issuer;
 * the configured audience among {@code aud}. A token failing any of them is refused as if unsigned (401).
 */
@Singleton
public class TokenRules implements GenericJwtClaimsValidator<Object> {

    private final TokenSettings settings;
    private final Clock clock;

    @Inject
    public TokenRules(TokenSettings settings) {
        this(settings, Clock.systemUTC());
    }

    TokenRules(TokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public boolean validate(Claims claims, @Nullable Object request) {
        Instant now = clock.instant();
        if (!unexpired(TokenExpiry.instantOf(claims.get(Claims.EXPIRATION_TIME)), now)) {
            return false;
        }
        Instant latest = now.plus(settings.getClockSkew());
        if (isAfter(claims.get(Claims.NOT_BEFORE), latest) || isAfter(claims.get(Claims.ISSUED_AT), latest)) {
            return false;
        }
        return settings.getIssuer().equals(claims.get(Claims.ISSUER)) && hasAudience(claims.get(Claims.AUDIENCE));
    }

    /** Whether a token with this expiry is still accepted at {@code now}: it has one, and it has not passed by more than the skew. */
    boolean unexpired(Optional<Instant> expiry, Instant now) {
        return expiry.isPresent() && now.minus(settings.getClockSkew()).isBefore(expiry.get());
    }

    /** A claim that is present but unreadable counts as in the future: refused. */
    private static boolean isAfter(@Nullable Object claim, Instant latest) {
        return claim != null && TokenExpiry.instantOf(claim).map(at -> at.isAfter(latest)).orElse(true);
    }

    private boolean hasAudience(@Nullable Object aud) {
        if (aud instanceof String single) {
            return single.equals(settings.getAudience());
        }
        return aud instanceof Collection<?> many && many.contains(settings.getAudience());
    }
}
