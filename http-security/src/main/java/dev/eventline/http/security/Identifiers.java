package dev.eventline.http.security;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import io.micronaut.http.HttpStatus;

/**
 * The shape of every id a request names (aggregate ids, client ids, command ids): 1 to 128
 * letters, digits and {@code . _ : @ -}, starting with a letter or digit. Checked before the id
 * reaches a query, a Kafka key, a log line or a metric, so none of them ever holds hostile text.
 */
public final class Identifiers {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private Identifiers() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The id, or a 400 problem naming the parameter. */
    public static String require(String parameter, String id) {
        if (!isValid(id)) {
            throw new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_ID", "Invalid id")
                    .detail(parameter + " is 1 to 128 characters of letters, digits and . _ : @ -, starting with a letter or digit")
                    .with("errors", List.of(Map.of("parameter", parameter, "code", "INVALID_ID"))));
        }
        return id;
    }
}
