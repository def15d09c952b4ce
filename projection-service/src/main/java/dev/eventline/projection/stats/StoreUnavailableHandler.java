package dev.eventline.projection.stats;

import java.util.Map;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** While partitions move between instances the stores cannot be read: say so, and when to come back. */
@Singleton
public class StoreUnavailableHandler implements ExceptionHandler<InvalidStateStoreException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidStateStoreException exception) {
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .contentType(MediaType.of("application/problem+json"))
                .body(Map.of("type", "https://eventline.dev/problems/stats-rebalancing", "title", "Statistics are moving between instances",
                        "status", 503, "code", "STATS_REBALANCING", "detail", String.valueOf(exception.getMessage()),
                        "instance", request.getPath()));
    }
}
