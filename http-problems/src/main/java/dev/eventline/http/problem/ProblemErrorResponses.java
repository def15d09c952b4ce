package dev.eventline.http.problem;

import java.util.Map;
import java.util.stream.Collectors;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Every error the framework answers by itself (no route, wrong method or media type, a body over
 * {@code micronaut.server.max-request-size}, missing or refused credentials, a defect) as an RFC 9457
 * problem document with a stable code and the correlation id, like the service's own problems.
 */
@Singleton
@Primary
public class ProblemErrorResponses implements ErrorResponseProcessor<Map<String, Object>> {

    @Override
    public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String detail = context.getErrors().stream().map(Error::getMessage).distinct().collect(Collectors.joining("; "));
        Problem problem = Problem.of(status, codeOf(status), status.getReason())
                .detail(status.getCode() >= 500 ? "the service failed; quote the correlation id" : blankToNull(detail));
        return response.body(problem.body(context.getRequest())).contentType(Problem.MEDIA_TYPE)
                .header(CorrelationIds.HEADER, CorrelationIds.of(context.getRequest()));
    }

    private static String codeOf(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "UNAUTHENTICATED";
            case FORBIDDEN -> "FORBIDDEN";
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
            case NOT_ACCEPTABLE -> "NOT_ACCEPTABLE";
            case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
            case REQUEST_ENTITY_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
            case BAD_REQUEST -> "BAD_REQUEST";
            default -> status.getCode() >= 500 ? "INTERNAL_ERROR" : status.name();
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
