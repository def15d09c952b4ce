package dev.eventline.query.database;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.retry.exception.CircuitOpenException;
import jakarta.inject.Singleton;

/** While the breaker is open the database is not even tried: the same 503 as a failed call. */
@Singleton
public class CircuitOpenHandler implements ExceptionHandler<CircuitOpenException, HttpResponse<?>> {

    private final DatabaseUnavailableHandler unavailable;

    public CircuitOpenHandler(DatabaseUnavailableHandler unavailable) {
        this.unavailable = unavailable;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, CircuitOpenException exception) {
        return unavailable.answer(request, "the read models could not be reached a moment ago; not retried until the circuit closes");
    }
}
