package dev.eventline.http.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenValidator;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Remembers the bearer tokens whose signature and claims checked out, until they expire, so a
 * client sending the same token on every request pays for one signature verification (an RSA
 * operation, the largest single cost of a request in the profile) instead of one per request.
 * Wraps each JWT validator Micronaut Security creates. Only successes are remembered: a refused
 * token (not valid yet, unknown key) is checked again next time. An entry is used only while
 * {@link TokenRules} would still accept its expiry, and lives at most {@code eventline.tokens.verified-ttl};
 * the cache holds at most {@code eventline.tokens.verified-cache-size} tokens (0 turns it off).
 * Sound because no claims rule of ours depends on the request, only on the token and the clock.
 */
@Singleton
public class VerifiedTokens implements BeanCreatedEventListener<ReactiveJsonWebTokenValidator<?, ?>> {

    private final TokenRules rules;
    private final Clock clock;
    private final Cache<String, Authentication> verified;
    private final boolean enabled;

    @Inject
    public VerifiedTokens(TokenSettings settings, TokenRules rules) {
        this(settings, rules, Clock.systemUTC());
    }

    VerifiedTokens(TokenSettings settings, TokenRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
        this.enabled = settings.getVerifiedCacheSize() > 0;
        this.verified = Caffeine.newBuilder()
                .maximumSize(Math.max(0, settings.getVerifiedCacheSize()))
                .expireAfterWrite(settings.getVerifiedTtl())
                .build();
    }

    @Override
    public ReactiveJsonWebTokenValidator<?, ?> onCreated(BeanCreatedEvent<ReactiveJsonWebTokenValidator<?, ?>> event) {
        return remembering(event.getBean());
    }

    /** The validator, remembering what it verified (itself when the cache is off). */
    <T, R> ReactiveJsonWebTokenValidator<T, R> remembering(ReactiveJsonWebTokenValidator<T, R> validator) {
        return enabled ? new Remembering<>(validator) : validator;
    }

    /** The authentication a token was last verified to, while it is still unexpired. */
    Optional<Authentication> lookup(String token) {
        Authentication authentication = verified.getIfPresent(token);
        if (authentication == null) {
            return Optional.empty();
        }
        if (rules.unexpired(TokenExpiry.of(authentication), clock.instant())) {
            return Optional.of(authentication);
        }
        verified.invalidate(token);
        return Optional.empty();
    }

    /** How many verified tokens are remembered now. */
    public long remembered() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private final class Remembering<T, R> implements ReactiveJsonWebTokenValidator<T, R> {

        private final ReactiveJsonWebTokenValidator<T, R> validator;

        private Remembering(ReactiveJsonWebTokenValidator<T, R> validator) {
            this.validator = validator;
        }

        @Override
        public Publisher<Authentication> validateToken(String token, R request) {
            Optional<Authentication> known = lookup(token);
            if (known.isPresent()) {
                return Mono.just(known.get());
            }
            return Flux.from(validator.validateToken(token, request)).doOnNext(authentication -> verified.put(token, authentication));
        }

        @Override
        public Publisher<T> validate(String token, R request) {
            return validator.validate(token, request);
        }

        @Override
        public int getOrder() {
            return validator.getOrder();
        }
    }
}
