package dev.eventline.query.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

/**
 * Conditional GETs: an entity tag per representation, 304 when the caller already has it, and
 * the caching fields every read-model answer carries.
 */
@Singleton
public class ConditionalAnswers {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String cacheControl;

    public ConditionalAnswers(@Value("${eventline.query.cache-control:private, no-cache}") String cacheControl) {
        this.cacheControl = cacheControl;
    }

    /** A strong tag from a read model version (and the representation's variant, e.g. the selected fields). */
    public static String tagOf(long version, @Nullable String variant) {
        return variant == null || variant.isEmpty() ? "\"" + version + "\"" : "\"" + version + "-" + digest(variant, 8) + "\"";
    }

    /** A weak tag over what a list or a summary shows. */
    public static String weakTagOf(String content) {
        return "W/\"" + digest(content, 16) + "\"";
    }

    /** True when one of the request's {@code If-None-Match} tags is {@code etag} (weak comparison, RFC 9110 13.1.2). */
    public static boolean alreadyHas(HttpRequest<?> request, String etag) {
        String header = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH);
        if (header == null) {
            return false;
        }
        String wanted = opaque(etag);
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque(tag).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    public <T> MutableHttpResponse<T> ok(T body, String etag, @Nullable Instant lastModified) {
        return decorate(HttpResponse.ok(body), etag, lastModified);
    }

    public <T> MutableHttpResponse<T> notModified(String etag, @Nullable Instant lastModified) {
        return decorate(HttpResponse.status(HttpStatus.NOT_MODIFIED), etag, lastModified);
    }

    /** 304 when the caller has {@code etag}, else 200 with {@code body}. */
    public MutableHttpResponse<?> answer(HttpRequest<?> request, Object body, String etag, @Nullable Instant lastModified) {
        return alreadyHas(request, etag) ? notModified(etag, lastModified) : ok(body, etag, lastModified);
    }

    /**
     * A page of a list: {@code {items, next}}, a weak tag over what it shows (the selected fields,
     * each row as {@code id@version}, the next cursor) and {@code Link: rel="next"}.
     */
    public MutableHttpResponse<?> page(HttpRequest<?> request, List<String> fields, List<Map<String, Object>> items, List<String> rows,
                                       @Nullable String next) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("next", next);
        String shown = String.join(",", fields) + "|" + String.join(",", rows) + "|" + next;
        MutableHttpResponse<?> response = answer(request, body, weakTagOf(shown), null);
        if (next != null) {
            response.header("Link", "<" + ListParameters.nextLink(request, next) + ">; rel=\"next\"");
        }
        return response;
    }

    private <T> MutableHttpResponse<T> decorate(MutableHttpResponse<T> response, String etag, @Nullable Instant lastModified) {
        response.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.VARY, "Authorization");
        if (lastModified != null) {
            response.header(HttpHeaders.LAST_MODIFIED, HTTP_DATE.format(lastModified));
        }
        return response;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static String digest(String content, int bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
