package dev.eventline.ledger;

/** An account as its events made it. {@link #NONE} is the state before it was opened. */
public record AccountState(Status status, String owner, String currency, long balance) {

    public enum Status { NONE, ACTIVE, FROZEN, CLOSED }

    public static final AccountState NONE = new AccountState(Status.NONE, null, null, 0L);

    public boolean exists() {
        return status != Status.NONE;
    }

    AccountState withBalance(long newBalance) {
        return new AccountState(status, owner, currency, newBalance);
    }

    AccountState withStatus(Status newStatus) {
        return new AccountState(newStatus, owner, currency, balance);
    }
}
