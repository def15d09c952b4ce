package dev.eventline.query.me;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.eventline.http.security.TokenExpiry;
import dev.eventline.query.access.Caller;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /v1/me}: who the token says the caller is (client id, roles, expiry), as every read
 * route sees it. A client checks its token with it before reading; it touches no read model, so it
 * is also the benchmark's baseline for what a read costs beyond the token check.
 */
@Tag(name = "me", description = "the caller as the token identifies it")
@Controller("/v1/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class CallerController {

    @Get
    public Map<String, Object> me(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("clientId", caller.clientId());
        me.put("roles", caller.roles().stream().sorted().toList());
        me.put("seesEverything", caller.seesEverything());
        TokenExpiry.of(authentication).ifPresent(expiry -> me.put("expiresAt", expiry.toString()));
        return me;
    }
}
