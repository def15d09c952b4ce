package dev.eventline.http.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.core.annotation.Order;

/** Gives every request its correlation id before anything else runs, and echoes it on every answer. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(-1000) // before the security filter, so a 401 carries the id too
public class CorrelationIdFilter {

    @RequestFilter
    public void assign(HttpRequest<?> request) {
        CorrelationIds.of(request);
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.getHeaders().set(CorrelationIds.HEADER, CorrelationIds.of(request));
    }
}
