package dev.eventline.command.problem;

import dev.eventline.http.problem.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** A Streams store read while the stage starts or rebalances (the client limits): 503, come back soon. */
@Singleton
public class StoreUnavailableHandler implements ExceptionHandler<InvalidStateStoreException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidStateStoreException exception) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "STAGE_NOT_RUNNING", "Service unavailable")
                .detail("the admission stage is starting or rebalancing: " + exception.getMessage())
                .header("Retry-After", "1").toResponse(request);
    }
}
