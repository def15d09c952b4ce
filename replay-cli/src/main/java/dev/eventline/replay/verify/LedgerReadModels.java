package dev.eventline.replay.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eventline.domain.ledger.AccountState;
import dev.eventline.domain.ledger.LedgerModule;
import dev.eventline.domain.ledger.TransferState;

/** The ledger's read models: {@code accounts} and {@code transfers} rows against the folded states. */
public final class LedgerReadModels {

    private LedgerReadModels() {
    }

    public static List<ReadModelCheck> checks() {
        return List.of(new Accounts(), new Transfers());
    }

    private record Row(Object state, long version) {
    }

    private abstract static class LedgerCheck implements ReadModelCheck {

        @Override
        public String projection() {
            return "ledger";
        }

        abstract String query();

        abstract Object state(ResultSet rs) throws SQLException;

        abstract boolean exists(Object folded);

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
                                "no read model row, the events make " + state));
                    }
                } else if (row.version() != version || !row.state().equals(state)) {
                    findings.add(new Finding(Finding.READ_MODEL_DIFFERS, aggregateType(), id, version, null, null,
                            "read model shows " + row.state() + " at version " + row.version() + ", the events make " + state + " at version " + version));
                }
            });
            rows.forEach((id, row) -> findings.add(new Finding(Finding.READ_MODEL_ROW_WITHOUT_EVENTS, aggregateType(), id, row.version(), null, null,
                    "read model shows " + row.state() + " but the projection has applied no event of it")));
            return findings;
        }
    }

    private static final class Accounts extends LedgerCheck {

        @Override
        public String aggregateType() {
            return LedgerModule.ACCOUNT;
        }

        @Override
        String query() {
            return "select id, owner, currency, balance, status, version from accounts";
        }

        @Override
        Object state(ResultSet rs) throws SQLException {
            return new AccountState(AccountState.Status.valueOf(rs.getString("status")), rs.getString("owner"), rs.getString("currency"),
                    rs.getLong("balance"));
        }

        @Override
        boolean exists(Object folded) {
            return ((AccountState) folded).exists();
        }
    }

    private static final class Transfers extends LedgerCheck {

        @Override
        public String aggregateType() {
            return LedgerModule.TRANSFER;
        }

        @Override
        String query() {
            return "select id, from_account, to_account, amount, currency, status, requested_by, failure_code, failure_reason, version from transfers";
        }

        @Override
        Object state(ResultSet rs) throws SQLException {
            return new TransferState(TransferState.Status.valueOf(rs.getString("status")), rs.getString("from_account"),
                    rs.getString("to_account"), rs.getLong("amount"), rs.getString("currency"), rs.getString("requested_by"),
                    rs.getString("failure_code"), rs.getString("failure_reason"));
        }

        @Override
        boolean exists(Object folded) {
            return ((TransferState) folded).status() != TransferState.Status.NONE;
        }
    }
}
