package dev.eventline.projection.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Dashboard statistics from the Streams stores:
 * {@code GET /v1/stats/events-per-minute?by=type|client&minutes=10},
 * {@code GET /v1/stats/clients/{clientId}?minutes=10} (events, admitted and rate-limited commands
 * per minute: its rate-limit usage), {@code GET /v1/stats/totals} (open accounts and money per
 * currency). {@code /v1/stats/series/{store}} with {@code scope=local} is how instances ask each other.
 */
@Controller("/v1/stats")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatsController {

    private static final int MAX_MINUTES = 120;

    private final StatsQueries queries;

    public StatsController(StatsQueries queries) {
        this.queries = queries;
    }

    @Get(uri = "/events-per-minute", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> eventsPerMinute(@QueryValue(defaultValue = "type") String by, @QueryValue(defaultValue = "10") int minutes) {
        String store = switch (by) {
            case "type" -> StatsTopology.EVENTS_BY_TYPE;
            case "client" -> StatsTopology.EVENTS_BY_CLIENT;
            default -> null;
        };
        if (store == null || minutes < 1 || minutes > MAX_MINUTES) {
            return HttpResponse.status(HttpStatus.BAD_REQUEST).body(Map.of("code", "INVALID_QUERY",
                    "detail", "by is type or client; minutes is 1 to " + MAX_MINUTES));
        }
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofMinutes(minutes));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", StatsTopology.WINDOW.toString());
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("series", queries.series(store, from, to, false));
        return HttpResponse.ok(body);
    }

    @Get(uri = "/clients/{clientId}", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> client(@PathVariable String clientId, @QueryValue(defaultValue = "10") int minutes) {
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofMinutes(Math.max(1, Math.min(minutes, MAX_MINUTES))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", clientId);
        body.put("window", StatsTopology.WINDOW.toString());
        body.put("events", queries.seriesOf(StatsTopology.EVENTS_BY_CLIENT, clientId, from, to));
        body.put("admittedCommands", queries.seriesOf(StatsTopology.ADMITTED_BY_CLIENT, clientId, from, to));
        body.put("rateLimitedCommands", queries.seriesOf(StatsTopology.RATE_LIMITED_BY_CLIENT, clientId, from, to));
        return body;
    }

    @Get(uri = "/totals", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> totals(@Nullable @QueryValue String scope) {
        return Map.of("currencies", queries.totals("local".equals(scope)));
    }

    @Get(uri = "/series/{store}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> series(@PathVariable String store, @QueryValue String from, @QueryValue String to,
                                  @Nullable @QueryValue String key, @Nullable @QueryValue String scope) {
        if (!StatsTopology.STORES.contains(store)) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).body(Map.of("code", "UNKNOWN_STORE", "detail", "stores: " + StatsTopology.STORES));
        }
        Instant start = Instant.parse(from);
        Instant end = Instant.parse(to);
        boolean local = "local".equals(scope);
        if (key != null) {
            Map<String, Long> windows = local ? queries.localOf(store, key, start, end) : queries.seriesOf(store, key, start, end);
            return HttpResponse.ok(Map.of(key, windows));
        }
        return HttpResponse.ok(queries.series(store, start, end, local));
    }
}
