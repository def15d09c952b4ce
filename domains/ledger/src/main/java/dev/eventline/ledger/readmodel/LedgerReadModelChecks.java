package dev.eventline.ledger.readmodel;

import java.sql.ResultSet;
import java.sql.SQLException;

import dev.eventline.ledger.AccountState;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.TransferState;
import dev.eventline.projection.check.StateRowsCheck;

/**
 * The ledger's own read models held against the fold by {@code replay verify}: {@code accounts}
 * and {@code transfers} rows against the folded states (listed in
 * {@code META-INF/services/dev.eventline.projection.check.ReadModelCheck}).
 */
public final class LedgerReadModelChecks {

    private LedgerReadModelChecks() {
    }

    private abstract static class LedgerCheck extends StateRowsCheck {

        @Override
        public String projection() {
            return "ledger";
        }
    }

    public static final class Accounts extends LedgerCheck {

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

    public static final class Transfers extends LedgerCheck {

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
