package dev.eventline.query.stats;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import dev.eventline.query.access.Caller;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

/**
 * The dashboard's figures: every {@link DashboardFigures} part (the platform's and the loaded
 * domains'), in name order, read in one snapshot. Auditors and dashboards see everyone's; a client its own.
 */
@Singleton
public class DashboardStats {

    private final DataSource dataSource;
    private final List<DashboardFigures> parts;

    public DashboardStats(DataSource dataSource, List<DashboardFigures> parts) {
        // The pool itself: Micronaut Data's contextual DataSource wants a surrounding @Connectable.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.parts = parts.stream().sorted(Comparator.comparing(DashboardFigures::name)).toList();
    }

    public Map<String, Object> of(Caller caller) {
        String owner = caller.seesEverything() ? null : caller.clientId();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("scope", owner == null ? "all" : "client:" + owner);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one snapshot for all parts
            for (DashboardFigures part : parts) {
                stats.put(part.name(), part.read(c, owner));
            }
            c.commit();
        } catch (SQLException e) {
            throw new DataAccessException("dashboard statistics failed: " + e.getMessage(), e);
        }
        return stats;
    }
}
