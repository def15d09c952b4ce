package dev.eventline.query.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.eventline.query.access.Caller;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

/**
 * The dashboard's figures from the read models: accounts and money by currency and status,
 * transfers by status, command outcomes. Auditors and dashboards see everyone's; a client its own.
 */
@Singleton
public class DashboardStats {

    private final DataSource dataSource;

    public DashboardStats(DataSource dataSource) {
        // The pool itself: Micronaut Data's contextual DataSource wants a surrounding @Connectable.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    public Map<String, Object> of(Caller caller) {
        String client = caller.seesEverything() ? null : caller.clientId();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("scope", client == null ? "all" : "client:" + client);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one snapshot for all three figures
            stats.put("accounts", rows(c, "select currency, status, count(*), coalesce(sum(balance), 0) from accounts"
                    + (client == null ? "" : " where owner = ?") + " group by 1, 2 order by 1, 2", client,
                    List.of("currency", "status", "count", "balance")));
            stats.put("transfers", rows(c, "select status, count(*), coalesce(sum(amount), 0) from transfers"
                    + (client == null ? "" : " where requested_by = ?") + " group by 1 order by 1", client,
                    List.of("status", "count", "amount")));
            List<Map<String, Object>> commands = rows(c, "select coalesce(sum(accepted), 0), coalesce(sum(rejected), 0), "
                    + "coalesce(sum(conflicts), 0), coalesce(sum(rate_limited), 0), coalesce(sum(key_reused), 0), coalesce(sum(invalid), 0) "
                    + "from client_command_stats" + (client == null ? "" : " where client_id = ?"), client,
                    List.of("accepted", "rejected", "conflicts", "rateLimited", "keyReused", "invalid"));
            stats.put("commands", commands.get(0));
            c.commit();
        } catch (SQLException e) {
            throw new io.micronaut.data.exceptions.DataAccessException("dashboard statistics failed: " + e.getMessage(), e);
        }
        return stats;
    }

    /**
     * PostgreSQL sums bigints as numeric, which never wraps; it is served as it is (a whole number
     * past Long.MAX_VALUE stays exact in the JSON) instead of being cut to a long.
     */
    private static Object exact(Object value) {
        if (value instanceof java.math.BigDecimal sum) {
            return sum.toBigIntegerExact();
        }
        return value instanceof Number n ? (Object) n.longValue() : value;
    }

    private static List<Map<String, Object>> rows(Connection c, String sql, String client, List<String> names) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (client != null) {
                s.setString(1, client);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        Object value = rs.getObject(i + 1);
                        row.put(names.get(i), exact(value));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
