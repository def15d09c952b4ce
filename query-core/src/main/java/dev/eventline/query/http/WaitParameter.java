package dev.eventline.query.http;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;

/** A long-poll's wait: {@code ?wait=<seconds>} or {@code Prefer: wait=<seconds>} (RFC 7240), capped. */
public final class WaitParameter {

    private static final Pattern PREFER_WAIT = Pattern.compile("(?:^|[;,\\s])wait=([0-9]+)");

    private WaitParameter() {
    }

    public static Duration of(HttpRequest<?> request, Duration max) {
        String value = request.getParameters().get("wait");
        if (value == null) {
            String prefer = request.getHeaders().get("Prefer");
            Matcher m = prefer == null ? null : PREFER_WAIT.matcher(prefer);
            value = m != null && m.find() ? m.group(1) : null;
        }
        if (value == null) {
            return Duration.ZERO;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            Duration wait = Duration.ofSeconds(seconds);
            return wait.compareTo(max) > 0 ? max : wait;
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", "Invalid parameter")
                    .detail("wait must be a whole number of seconds, got '" + value + "'").with("parameter", "wait"));
        }
    }
}
