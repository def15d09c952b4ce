package dev.eventline.http.security;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.eventline.http.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses, before authentication and before any route reads it, a request whose path, query
 * parameters or header values carry control characters (NUL, CR, LF, DEL ...; a tab is allowed in
 * header values) or whose target is longer than {@link #MAX_TARGET}: such input can only be an attack
 * or a broken client, and downstream it would reach SQL text parameters (PostgreSQL refuses NUL
 * with an error), log lines and metric labels. The answer is a 400 problem; nothing runs.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(-900) // after the correlation id (-1000), before the security filter
public class RequestHygieneFilter {

    static final int MAX_TARGET = 4096;
    private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF])");

    @RequestFilter
    @Nullable
    public MutableHttpResponse<?> refuseControlCharacters(HttpRequest<?> request) {
        String target = request.getUri().toString();
        if (target.length() > MAX_TARGET) {
            return refuse(request, HttpStatus.REQUEST_URI_TOO_LONG, "URI_TOO_LONG", "a request target is at most " + MAX_TARGET + " characters");
        }
        if (hasControl(target, false) || ENCODED_CONTROL.matcher(target).find()) {
            return refuse(request, HttpStatus.BAD_REQUEST, "CONTROL_CHARACTER", "the path or query holds a control character");
        }
        for (Map.Entry<String, List<String>> header : request.getHeaders()) {
            for (String value : header.getValue()) {
                if (hasControl(value, true)) {
                    return refuse(request, HttpStatus.BAD_REQUEST, "CONTROL_CHARACTER",
                            "header " + header.getKey() + " holds a control character");
                }
            }
        }
        return null;
    }

    private static MutableHttpResponse<?> refuse(HttpRequest<?> request, HttpStatus status, String code, String detail) {
        return Problem.of(status, code, "Bad request").detail(detail).toResponse(request);
    }

    /** True when the text holds a C0 control character or DEL (a horizontal tab only where allowed). */
    public static boolean hasControl(String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && !(tabAllowed && c == '\t')) || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
