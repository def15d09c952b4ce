package dev.eventline.ledger;

import dev.eventline.domain.RejectionCode;

/** The ledger's own reasons to refuse a command (besides {@link dev.eventline.domain.CommonRejection}). */
public enum LedgerRejection implements RejectionCode {
    INSUFFICIENT_FUNDS,
    ACCOUNT_FROZEN,
    ACCOUNT_CLOSED,
    CURRENCY_MISMATCH,
    /** Only an empty account can be closed. */
    BALANCE_NOT_ZERO,
    /** Amounts are positive. */
    INVALID_AMOUNT,
    /** A currency that is not an ISO 4217 code. */
    INVALID_CURRENCY,
    /** A transfer needs two different accounts. */
    SAME_ACCOUNT,
    /** A transfer's destination refused the credit; why is the destination owner's business, not the requester's. */
    DESTINATION_REFUSED
}
