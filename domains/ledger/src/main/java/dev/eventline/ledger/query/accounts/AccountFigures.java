package dev.eventline.ledger.query.accounts;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.eventline.query.stats.DashboardFigures;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** The dashboard's {@code accounts}: how many and how much money, by currency and status. */
@Singleton
class AccountFigures implements DashboardFigures {

    @Override
    public String name() {
        return "accounts";
    }

    @Override
    public Object read(Connection c, @Nullable String owner) throws SQLException {
        return DashboardFigures.rows(c, "select currency, status, count(*), coalesce(sum(balance), 0) from accounts"
                + (owner == null ? "" : " where owner = ?") + " group by 1, 2 order by 1, 2", owner,
                List.of("currency", "status", "count", "balance"));
    }
}
