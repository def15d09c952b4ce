package dev.eventline.projection.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import dev.eventline.http.security.Identifiers;
import dev.eventline.http.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * Dashboard statistics from the Streams stores:
 * {@code GET /v1/stats/events-per-minute?by=type|client&minutes=10},
 * {@code GET /v1/stats/clients/{clientId}?minutes=10} (events, admitted and rate-limited commands
 * per minute: its rate-limit usage), {@code GET /v1/stats/totals} (the loaded domains' running
 * totals, such as the ledger's open accounts and money per currency). {@code /v1/stats/series/{store}} with {@code scope=local} is how instances ask each other,
 * with the caller's token. Figures across clients need the dashboard, auditor or admin role; a
 * client may read its own figures.
 */
@Controller("/v1/stats")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.DASHBOARD, Roles.AUDITOR, Roles.ADMIN})
public class StatsController {

    private static final int MAX_MINUTES = 120;

    private final StatsQueries queries;

    public StatsController(StatsQueries queries) {
        this.queries = queries;
    }

    @Get(uri = "/events-per-minute", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> eventsPerMinute(HttpRequest<?> request, @QueryValue(defaultValue = "type") String by,
                                               @QueryValue(defaultValue = "10") int minutes) {
        String store = switch (by) {
            case "type" -> StatsTopology.EVENTS_BY_TYPE;
            case "client" -> StatsTopology.EVENTS_BY_CLIENT;
            default -> null;
        };
        if (store == null || minutes < 1 || minutes > MAX_MINUTES) {
            throw invalid("by is type or client; minutes is 1 to " + MAX_MINUTES);
        }
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofMinutes(minutes));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", StatsTopology.WINDOW.toString());
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("series", queries.series(store, from, to, false, authorization(request)));
        return body;
    }

    @Get(uri = "/clients/{clientId}", produces = MediaType.APPLICATION_JSON)
    @Secured(SecurityRule.IS_AUTHENTICATED) // narrowed below: one's own figures, or a role that sees all
    public Map<String, Object> client(HttpRequest<?> request, Authentication caller, @PathVariable String clientId,
                                      @QueryValue(defaultValue = "10") int minutes) {
        Identifiers.require("clientId", clientId);
        boolean seesAll = caller.getRoles().stream().anyMatch(role -> role.equals(Roles.DASHBOARD) || role.equals(Roles.AUDITOR)
                || role.equals(Roles.ADMIN));
        if (!seesAll && !caller.getName().equals(clientId)) {
            throw new ProblemException(Problem.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "Forbidden")
                    .detail("a client reads its own figures; others need the dashboard, auditor or admin role"));
        }
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofMinutes(Math.max(1, Math.min(minutes, MAX_MINUTES))));
        String authorization = authorization(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", clientId);
        body.put("window", StatsTopology.WINDOW.toString());
        body.put("events", queries.seriesOf(StatsTopology.EVENTS_BY_CLIENT, clientId, from, to, authorization));
        body.put("admittedCommands", queries.seriesOf(StatsTopology.ADMITTED_BY_CLIENT, clientId, from, to, authorization));
        body.put("rateLimitedCommands", queries.seriesOf(StatsTopology.RATE_LIMITED_BY_CLIENT, clientId, from, to, authorization));
        return body;
    }

    @Get(uri = "/totals", produces = MediaType.APPLICATION_JSON)
    public Map<String, Map<String, Map<String, Long>>> totals(HttpRequest<?> request, @Nullable @QueryValue String scope) {
        return queries.totals("local".equals(scope), authorization(request));
    }

    @Get(uri = "/series/{store}", produces = MediaType.APPLICATION_JSON)
    public Map<String, ?> series(HttpRequest<?> request, @PathVariable String store, @QueryValue String from, @QueryValue String to,
                                 @Nullable @QueryValue String key, @Nullable @QueryValue String scope) {
        if (!StatsTopology.STORES.contains(store)) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "UNKNOWN_STORE", "Unknown store").detail("stores: " + StatsTopology.STORES));
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        boolean local = "local".equals(scope);
        if (key != null) {
            Map<String, Long> windows = local ? queries.localOf(store, key, start, end)
                    : queries.seriesOf(store, key, start, end, authorization(request));
            return Map.of(key, windows);
        }
        return queries.series(store, start, end, local, authorization(request));
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_QUERY", "Invalid query")
                    .detail(name + " is an ISO-8601 instant such as 2026-01-31T12:00:00Z")
                    .with("errors", java.util.List.of(Map.of("parameter", name, "code", "INVALID_INSTANT"))));
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_QUERY", "Invalid query").detail(detail));
    }

    private static String authorization(HttpRequest<?> request) {
        return request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    }
}
