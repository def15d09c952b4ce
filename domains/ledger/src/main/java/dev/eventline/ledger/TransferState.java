package dev.eventline.ledger;

/**
 * A transfer's progress. Money is in flight while it is {@link Status#DEBITED} or
 * {@link Status#COMPENSATING}: taken from the source, not yet on either account.
 */
public record TransferState(Status status, String from, String to, long amount, String currency, String requestedBy,
                            String failureCode, String failureReason) {

    public enum Status {
        NONE, REQUESTED, DEBITED,
        /** On the destination account; completed by the event that follows. */
        CREDITED,
        COMPLETED,
        /** Failed before any money moved. */
        FAILED,
        /** The credit failed after the debit; the refund is under way. */
        COMPENSATING,
        /** Failed, and the debited amount is back on the source account. */
        COMPENSATED;

        public boolean finished() {
            return this == COMPLETED || this == FAILED || this == COMPENSATED;
        }
    }

    public static final TransferState NONE = new TransferState(Status.NONE, null, null, 0L, null, null, null, null);

    public boolean exists() {
        return status != Status.NONE;
    }

    /** The money taken from the source and not yet credited or refunded. */
    public long inFlight() {
        return status == Status.DEBITED || status == Status.COMPENSATING ? amount : 0L;
    }

    TransferState with(Status newStatus) {
        return new TransferState(newStatus, from, to, amount, currency, requestedBy, failureCode, failureReason);
    }
}
