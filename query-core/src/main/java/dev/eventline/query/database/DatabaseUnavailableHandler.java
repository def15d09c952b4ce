package dev.eventline.query.database;

import dev.eventline.http.problem.Problem;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** The database is down or the breaker is open: 503 with Retry-After, never a hang. */
@Singleton
public class DatabaseUnavailableHandler implements ExceptionHandler<DatabaseUnavailableException, HttpResponse<?>> {

    private final long retryAfterSeconds;

    public DatabaseUnavailableHandler(@Value("${eventline.query.database.circuit-reset:5s}") java.time.Duration reset) {
        this.retryAfterSeconds = Math.max(1, reset.toSeconds());
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, DatabaseUnavailableException exception) {
        return answer(request, exception.getMessage());
    }

    HttpResponse<?> answer(HttpRequest<?> request, String detail) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "READ_MODELS_UNAVAILABLE", "Read models unavailable")
                .detail(detail).header("Retry-After", String.valueOf(retryAfterSeconds)).toResponse(request);
    }
}
