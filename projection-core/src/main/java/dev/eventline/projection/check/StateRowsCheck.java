package dev.eventline.projection.check;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A read model with one row per aggregate, held against the fold: each folded aggregate must have
 * a row with the same state and version (none while it does not exist), and no row may be left
 * without events. A subclass says how to read its rows.
 */
public abstract class StateRowsCheck implements ReadModelCheck {

    private record Row(Object state, long version) {
    }

    /** Selects {@code id}, {@code version} and what {@link #state} reads, for this aggregate type only. */
    protected abstract String query();

    protected abstract Object state(ResultSet row) throws SQLException;

    /** False for the state before the first event, which needs no row. */
    protected abstract boolean exists(Object folded);

    @Override
    public List<Finding> check(Connection connection, Map<String, Object> folded, Map<String, Long> versions) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (Statement s = connection.createStatement()) {
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery(query())) {
                while (rs.next()) {
                    rows.put(rs.getString("id"), new Row(state(rs), rs.getLong("version")));
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        folded.forEach((id, state) -> {
            Row row = rows.remove(id);
            long version = versions.get(id);
            if (row == null) {
                if (exists(state)) {
                    findings.add(new Finding(Finding.READ_MODEL_ROW_MISSING, aggregateType(), id, version, null, null,
                            projection() + ": no read model row, the events make " + state));
                }
            } else if (row.version() != version || !row.state().equals(state)) {
                findings.add(new Finding(Finding.READ_MODEL_DIFFERS, aggregateType(), id, version, null, null,
                        projection() + ": read model shows " + row.state() + " at version " + row.version() + ", the events make " + state
                                + " at version " + version));
            }
        });
        rows.forEach((id, row) -> findings.add(new Finding(Finding.READ_MODEL_ROW_WITHOUT_EVENTS, aggregateType(), id, row.version(), null, null,
                projection() + ": read model shows " + row.state() + " but the projection has applied no event of it")));
        return findings;
    }
}
