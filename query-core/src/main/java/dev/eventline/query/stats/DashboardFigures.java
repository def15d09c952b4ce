package dev.eventline.query.stats;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;

/**
 * One part of the dashboard's figures ({@code GET /v1/stats} and its live stream), read in the same
 * database snapshot as every other part. The platform adds the command outcomes and the generic
 * counts of every registered type; a domain's read API adds a bean for each part of its own.
 */
public interface DashboardFigures {

    /** The part's key in the figures; unique. */
    String name();

    /**
     * The part as {@code owner} may see it: null for auditors and dashboards (everyone's), else
     * only what that client owns.
     */
    Object read(Connection connection, @Nullable String owner) throws SQLException;

    /**
     * Runs a query whose only parameter, if {@code owner} is not null, is the owner; each row
     * becomes a map of {@code names} in column order.
     */
    static List<Map<String, Object>> rows(Connection c, String sql, @Nullable String owner, List<String> names) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (owner != null) {
                s.setString(1, owner);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        row.put(names.get(i), exact(rs.getObject(i + 1)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /**
     * PostgreSQL sums bigints as numeric, which never wraps; it is served as it is (a whole number
     * past Long.MAX_VALUE stays exact in the JSON) instead of being cut to a long.
     */
    private static Object exact(Object value) {
        if (value instanceof BigDecimal sum) {
            return sum.toBigIntegerExact();
        }
        return value instanceof Number n ? (Object) n.longValue() : value;
    }
}
