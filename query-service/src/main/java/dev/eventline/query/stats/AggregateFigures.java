package dev.eventline.query.stats;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * {@code aggregates}: how many aggregates of each registered type there are, by the {@code status}
 * their state shows (null for a type whose state has none), from the generic read model. Every
 * domain gets these figures without code of its own.
 */
@Singleton
class AggregateFigures implements DashboardFigures {

    @Override
    public String name() {
        return "aggregates";
    }

    @Override
    public Object read(Connection c, @Nullable String owner) throws SQLException {
        return DashboardFigures.rows(c, "select aggregate_type, state ->> 'status', count(*) from aggregates"
                + (owner == null ? "" : " where owner = ?") + " group by 1, 2 order by 1, 2", owner,
                List.of("type", "status", "count"));
    }
}
