package dev.eventline.replay.verify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

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

    private abstract static class LedgerCheck extends StateRowsCheck {

        @Override
        public String projection() {
            return "ledger";
        }
    }

    private static final class Accounts extends LedgerCheck {

        @Override
        public String aggregateType() {
            return LedgerModule.ACCOUNT;
        }

        @Override
        protected String query() {
            return "select id, owner, currency, balance, status, version from accounts";
        }

        @Override
        protected Object state(ResultSet rs) throws SQLException {
            return new AccountState(AccountState.Status.valueOf(rs.getString("status")), rs.getString("owner"), rs.getString("currency"),
                    rs.getLong("balance"));
        }

        @Override
        protected boolean exists(Object folded) {
            return ((AccountState) folded).exists();
        }
    }

    private static final class Transfers extends LedgerCheck {

        @Override
        public String aggregateType() {
            return LedgerModule.TRANSFER;
        }

        @Override
        protected String query() {
            return "select id, from_account, to_account, amount, currency, status, requested_by, failure_code, failure_reason, version from transfers";
        }

        @Override
        protected Object state(ResultSet rs) throws SQLException {
            return new TransferState(TransferState.Status.valueOf(rs.getString("status")), rs.getString("from_account"),
                    rs.getString("to_account"), rs.getLong("amount"), rs.getString("currency"), rs.getString("requested_by"),
                    rs.getString("failure_code"), rs.getString("failure_reason"));
        }

        @Override
        protected boolean exists(Object folded) {
            return ((TransferState) folded).status() != TransferState.Status.NONE;
        }
    }
}
