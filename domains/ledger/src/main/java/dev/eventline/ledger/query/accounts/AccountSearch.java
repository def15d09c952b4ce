package dev.eventline.ledger.query.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

import dev.eventline.http.problem.ProblemException;
import dev.eventline.query.http.KeysetCursor;
import dev.eventline.query.http.ListParameters;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

/**
 * Filtered account lists with keyset ("cursor") pagination: the order is the sort column then the
 * id, so it is total and stable; the cursor is the last row's (sort value, id), and the next page
 * starts strictly after it. Rows inserted or updated meanwhile neither repeat nor go missing when
 * the sort column does not change (id, openedAt); a walk sorted by balance sees each row at the
 * place its balance had when the page was read.
 */
@Singleton
public class AccountSearch {

    /** The sortable fields and their columns. */
    private static final Map<String, String> SORTS = Map.of("id", "id", "balance", "balance", "openedAt", "opened_at");

    private final DataSource dataSource;

    public AccountSearch(DataSource dataSource) {
        // The pool itself: Micronaut Data's contextual DataSource wants a surrounding @Connectable.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    public record Filter(@Nullable String owner, @Nullable String status, @Nullable String currency, @Nullable Long minBalance,
                         @Nullable Long maxBalance) {
    }

    public record Page(List<Account> accounts, @Nullable String next) {
    }

    /** The sort as given ({@code balance}, {@code -openedAt}); null means by id. */
    public Page search(Filter filter, @Nullable String sortParameter, int limit, @Nullable String cursor) {
        String sortName = sortParameter == null || sortParameter.isBlank() ? "id" : sortParameter.trim();
        boolean descending = sortName.startsWith("-");
        String field = descending ? sortName.substring(1) : sortName;
        String column = SORTS.get(field);
        if (column == null) {
            throw invalid("sort", "sort by one of " + SORTS.keySet() + ", with a leading '-' for descending; got '" + sortParameter + "'");
        }
        StringBuilder sql = new StringBuilder("select id, owner, currency, balance, status, version, opened_at, updated_at from accounts where true");
        List<Object> parameters = new ArrayList<>();
        if (filter.owner() != null) {
            sql.append(" and owner = ?");
            parameters.add(filter.owner());
        }
        if (filter.status() != null) {
            sql.append(" and status = ?");
            parameters.add(filter.status().toUpperCase(Locale.ROOT));
        }
        if (filter.currency() != null) {
            sql.append(" and currency = ?");
            parameters.add(filter.currency().toUpperCase(Locale.ROOT));
        }
        if (filter.minBalance() != null) {
            sql.append(" and balance >= ?");
            parameters.add(filter.minBalance());
        }
        if (filter.maxBalance() != null) {
            sql.append(" and balance <= ?");
            parameters.add(filter.maxBalance());
        }
        KeysetCursor after = cursor == null || cursor.isBlank() ? null : cursorFor(cursor, sortName);
        Object afterValue = after == null || column.equals("id") ? null
                : column.equals("balance") ? (Object) Long.parseLong(after.value()) : Timestamp.from(Instant.parse(after.value()));
        KeysetCursor.appendPage(sql, parameters, column, "id", descending, after, afterValue, limit);

        List<Account> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                s.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getLong(6),
                            rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new io.micronaut.data.exceptions.DataAccessException("account search failed: " + e.getMessage(), e);
        }
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<Account> page = rows.subList(0, limit);
        Account last = page.get(limit - 1);
        String value = switch (column) {
            case "balance" -> String.valueOf(last.balance());
            case "opened_at" -> last.openedAt().toString();
            default -> last.id();
        };
        return new Page(List.copyOf(page), new KeysetCursor(sortName, value, last.id()).encode());
    }

    /** The cursor after decoding, its value checked against the sort's type. */
    private static KeysetCursor cursorFor(String cursor, String sort) {
        KeysetCursor after = KeysetCursor.decode(cursor, sort);
        try {
            if (sort.endsWith("balance")) {
                Long.parseLong(after.value());
            } else if (sort.endsWith("openedAt")) {
                Instant.parse(after.value());
            }
        } catch (RuntimeException e) {
            throw KeysetCursor.notOurs();
        }
        return after;
    }

    static ProblemException invalid(String parameter, String detail) {
        return ListParameters.invalid(parameter, detail);
    }
}
