package dev.eventline.query.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

/**
 * The query parameters every list shares, read the same way on every route: {@code limit} (up
 * to {@code eventline.query.max-page-size}), whole-number filters, {@code fields} selection, and
 * the {@code Link: rel="next"} of a page. A bad one is a 400 naming the parameter.
 */
@Singleton
public class ListParameters {

    private final int defaultPageSize;
    private final int maxPageSize;

    public ListParameters(@Value("${eventline.query.default-page-size:50}") int defaultPageSize,
                          @Value("${eventline.query.max-page-size:500}") int maxPageSize) {
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    public int pageSize(@Nullable String limit) {
        if (limit == null) {
            return defaultPageSize;
        }
        long size = wholeNumber("limit", limit);
        if (size < 1 || size > maxPageSize) {
            throw invalid("limit", "limit must be between 1 and " + maxPageSize + ", got " + size);
        }
        return (int) size;
    }

    /** The parameter as a whole number, or null when absent. */
    public static @Nullable Long optionalWholeNumber(String name, @Nullable String value) {
        return value == null ? null : wholeNumber(name, value);
    }

    public static long wholeNumber(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, name + " must be a whole number");
        }
    }

    /** The fields chosen with {@code ?fields=a,b} among {@code known}, in the order given; all when absent. */
    public static List<String> fields(@Nullable String fields, List<String> known) {
        if (fields == null || fields.isBlank()) {
            return known;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String field : fields.split(",")) {
            String name = field.trim();
            if (!known.contains(name)) {
                throw invalid("fields", "unknown field; fields are " + known);
            }
            chosen.add(name);
        }
        return List.copyOf(chosen);
    }

    public static Map<String, Object> select(Map<String, Object> all, List<String> fields) {
        if (fields.size() == all.size()) {
            return all;
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        fields.forEach(f -> selected.put(f, all.get(f)));
        return selected;
    }

    /** The request's own path and parameters with the next page's cursor. */
    public static String nextLink(HttpRequest<?> request, String cursor) {
        StringBuilder link = new StringBuilder(request.getPath()).append("?");
        request.getParameters().forEach((name, values) -> {
            if (!name.equals("cursor")) {
                values.forEach(v -> link.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
            }
        });
        return link.append("cursor=").append(cursor).toString();
    }

    public static ProblemException invalid(String parameter, String detail) {
        return new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", "Invalid parameter")
                .detail(detail).with("parameter", parameter));
    }
}
