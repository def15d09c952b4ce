package dev.eventline.query.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.micronaut.core.annotation.Nullable;

/**
 * The position after a row of a keyset-paged list: the last row's sort value and id, bound to the
 * sort it was made for (a cursor of another sort is refused, not misread). Opaque to clients.
 */
public record KeysetCursor(String sort, String value, String id) {

    public String encode() {
        String plain = sort + '\n' + value + '\n' + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static KeysetCursor decode(String cursor, String sort) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 3);
        } catch (IllegalArgumentException e) {
            throw notOurs();
        }
        if (parts.length != 3) {
            throw notOurs();
        }
        if (!parts[0].equals(sort)) {
            throw ListParameters.invalid("cursor", "the cursor was made for sort=" + parts[0] + ", not sort=" + sort);
        }
        return new KeysetCursor(parts[0], parts[1], parts[2]);
    }

    /**
     * Ends a list query: rows strictly after the cursor (when there is one) in the order of the
     * sort column then the id, and one row more than the page, which says whether a next page
     * exists. {@code afterValue} is the cursor's value in the sort column's type.
     */
    public static void appendPage(StringBuilder sql, List<Object> parameters, String column, String idColumn, boolean descending,
                                  @Nullable KeysetCursor after, @Nullable Object afterValue, int limit) {
        String direction = descending ? "desc" : "asc";
        boolean byId = column.equals(idColumn);
        if (after != null) {
            String comparison = descending ? "<" : ">";
            if (byId) {
                sql.append(" and ").append(idColumn).append(' ').append(comparison).append(" ?");
            } else {
                sql.append(" and (").append(column).append(", ").append(idColumn).append(") ").append(comparison).append(" (?, ?)");
                parameters.add(afterValue);
            }
            parameters.add(after.id());
        }
        sql.append(" order by ");
        if (!byId) {
            sql.append(column).append(' ').append(direction).append(", ");
        }
        sql.append(idColumn).append(' ').append(direction).append(" limit ?");
        parameters.add(limit + 1);
    }

    /** The 400 for a cursor this service did not give out (or whose value does not parse). */
    public static RuntimeException notOurs() {
        return ListParameters.invalid("cursor", "not a cursor this service gave out");
    }
}
