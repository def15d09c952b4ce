package dev.eventline.http.problem;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.micronaut.http.HttpRequest;

/**
 * The id that follows one request through Kafka headers and records to the projections and back:
 * the caller's {@code X-Correlation-Id} when it is sane, else a new random UUID. Kept as a request
 * attribute so error answers made anywhere carry the same id.
 */
public final class CorrelationIds {

    public static final String HEADER = "X-Correlation-Id";
    private static final String ATTRIBUTE = "eventline.correlation-id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationIds() {
    }

    public static String of(HttpRequest<?> request) {
        Optional<String> assigned = request.getAttribute(ATTRIBUTE, String.class);
        if (assigned.isPresent()) {
            return assigned.get();
        }
        String given = request.getHeaders().get(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}
