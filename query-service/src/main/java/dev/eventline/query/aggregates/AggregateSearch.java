package dev.eventline.query.aggregates;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.eventline.query.access.Caller;
import dev.eventline.query.http.KeysetCursor;
import dev.eventline.query.http.ListParameters;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * Lists of one aggregate type from the generic read model, filtered by owner and by fields of the
 * state ({@code state.status=ACTIVE}, {@code state.customer.id=c-1}: text equality on the JSON
 * path), with keyset cursors: the order is the sort column then the id, total and stable.
 */
@Singleton
public class AggregateSearch {

    /** The sortable fields and their columns. */
    private static final Map<String, String> SORTS = Map.of("id", "aggregate_id", "createdAt", "created_at", "updatedAt", "updated_at",
            "version", "version");
    private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final int MAX_STATE_FILTERS = 8;

    private final AggregateReads reads;

    public AggregateSearch(AggregateReads reads) {
        this.reads = reads;
    }

    /** Equality on a field of the state, by its path below {@code state}. */
    public record StateFilter(List<String> path, String value) {
    }

    public record Page(List<AggregateRow> rows, @Nullable String next) {
    }

    /** A {@code state.a.b=value} query parameter as a filter; its path checked. */
    public static StateFilter stateFilter(String parameter, String value) {
        List<String> path = List.of(parameter.substring("state.".length()).split("\\.", -1));
        if (path.size() > 4 || !path.stream().allMatch(segment -> PATH_SEGMENT.matcher(segment).matches())) {
            throw ListParameters.invalid(parameter, "a state filter is state.<field>[.<field>...] with up to 4 names of letters, digits and '_'");
        }
        return new StateFilter(path, value);
    }

    public Page search(String type, Caller reader, @Nullable String owner, List<StateFilter> filters, @Nullable String sortParameter,
                       int limit, @Nullable String cursor) {
        String sortName = sortParameter == null || sortParameter.isBlank() ? "id" : sortParameter.trim();
        boolean descending = sortName.startsWith("-");
        String column = SORTS.get(descending ? sortName.substring(1) : sortName);
        if (column == null) {
            throw ListParameters.invalid("sort", "sort by one of " + SORTS.keySet() + ", with a leading '-' for descending; got '"
                    + sortParameter + "'");
        }
        if (filters.size() > MAX_STATE_FILTERS) {
            throw ListParameters.invalid("state", "at most " + MAX_STATE_FILTERS + " state filters");
        }
        StringBuilder sql = new StringBuilder(AggregateReads.COLUMNS).append("where aggregate_type = ? and (? or owner = ?)");
        List<Object> parameters = new ArrayList<>(List.of(type, reader.seesEverything(), reader.clientId()));
        if (owner != null) {
            sql.append(" and owner = ?");
            parameters.add(owner);
        }
        for (StateFilter filter : filters) {
            sql.append(" and state #>> ?::text[] = ?");
            parameters.add("{" + String.join(",", filter.path()) + "}");
            parameters.add(filter.value());
        }
        KeysetCursor after = cursor == null || cursor.isBlank() ? null : KeysetCursor.decode(cursor, sortName);
        Object afterValue = after == null || column.equals("aggregate_id") ? null : sortValue(column, after.value());
        KeysetCursor.appendPage(sql, parameters, column, "aggregate_id", descending, after, afterValue, limit);

        List<AggregateRow> rows = reads.query(sql.toString(), parameters);
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<AggregateRow> page = List.copyOf(rows.subList(0, limit));
        AggregateRow last = page.get(limit - 1);
        String value = switch (column) {
            case "created_at" -> last.createdAt().toString();
            case "updated_at" -> last.updatedAt().toString();
            case "version" -> String.valueOf(last.version());
            default -> last.id();
        };
        return new Page(page, new KeysetCursor(sortName, value, last.id()).encode());
    }

    private static Object sortValue(String column, String value) {
        try {
            return column.equals("version") ? (Object) Long.parseLong(value) : Timestamp.from(Instant.parse(value));
        } catch (RuntimeException e) {
            throw KeysetCursor.notOurs();
        }
    }
}
