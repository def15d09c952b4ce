package dev.eventline.ledger.query.transfers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.eventline.query.stats.DashboardFigures;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** The dashboard's {@code transfers}: how many and how much, by status (a client's: those it requested). */
@Singleton
class TransferFigures implements DashboardFigures {

    @Override
    public String name() {
        return "transfers";
    }

    @Override
    public Object read(Connection c, @Nullable String owner) throws SQLException {
        return DashboardFigures.rows(c, "select status, count(*), coalesce(sum(amount), 0) from transfers"
                + (owner == null ? "" : " where requested_by = ?") + " group by 1 order by 1", owner,
                List.of("status", "count", "amount"));
    }
}
