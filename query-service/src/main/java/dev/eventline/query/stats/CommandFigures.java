package dev.eventline.query.stats;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** {@code commands}: the outcomes of the commands sent (of the client's own, for a client). */
@Singleton
class CommandFigures implements DashboardFigures {

    @Override
    public String name() {
        return "commands";
    }

    @Override
    public Object read(Connection c, @Nullable String owner) throws SQLException {
        return DashboardFigures.rows(c, "select coalesce(sum(accepted), 0), coalesce(sum(rejected), 0), "
                + "coalesce(sum(conflicts), 0), coalesce(sum(rate_limited), 0), coalesce(sum(key_reused), 0), coalesce(sum(invalid), 0) "
                + "from client_command_stats" + (owner == null ? "" : " where client_id = ?"), owner,
                List.of("accepted", "rejected", "conflicts", "rateLimited", "keyReused", "invalid")).get(0);
    }
}
