package dev.eventline.http.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/**
 * An RFC 9457 problem document: {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance}, plus the stable {@code code} clients switch on and the request's
 * {@code correlationId}, and any members of the problem's own (field errors, current version ...).
 */
public final class Problem {

    public static final MediaType MEDIA_TYPE = MediaType.of("application/problem+json");
    public static final String TYPE_BASE = "https://eventline.dev/problems/";

    private final HttpStatus status;
    private final String code;
    private final String title;
    private final Map<String, Object> members = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String detail;

    private Problem(HttpStatus status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    /** {@code code} is upper snake case ({@code VERSION_CONFLICT}); the type URI is derived from it. */
    public static Problem of(HttpStatus status, String code, String title) {
        return new Problem(status, code, title);
    }

    public Problem detail(String detail) {
        this.detail = detail;
        return this;
    }

    public Problem with(String member, Object value) {
        if (value != null) {
            members.put(member, value);
        }
        return this;
    }

    /** A header to send with the document (Retry-After ...). */
    public Problem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** One extension member, as set by {@link #with}. */
    public Object member(String name) {
        return members.get(name);
    }

    public static String typeOf(String code) {
        return TYPE_BASE + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public Map<String, Object> body(HttpRequest<?> request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", typeOf(code));
        body.put("title", title);
        body.put("status", status.getCode());
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("instance", request.getPath());
        body.put("code", code);
        body.put("correlationId", CorrelationIds.of(request));
        body.putAll(members);
        return body;
    }

    public MutableHttpResponse<Map<String, Object>> toResponse(HttpRequest<?> request) {
        MutableHttpResponse<Map<String, Object>> response = HttpResponse.<Map<String, Object>>status(status).body(body(request))
                .contentType(MEDIA_TYPE).header(CorrelationIds.HEADER, CorrelationIds.of(request));
        headers.forEach(response::header);
        return response;
    }
}
