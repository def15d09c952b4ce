package dev.eventline.query.bench;

import java.util.Map;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * The benchmark's baseline: the same server, filters and token checks as the read API, and a
 * body that costs nothing to produce. Only present when the benchmark asks for it.
 */
@Controller("/v1/bench/constant")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Requires(property = "eventline.bench.constant-endpoint", value = "true")
public class ConstantBodyController {

    private static final Map<String, Object> BODY = Map.of("id", "acc-1", "owner", "bench", "currency", "EUR", "balance", 100,
            "status", "OPEN", "version", 1);

    @Get
    public Map<String, Object> constant() {
        return BODY;
    }
}
