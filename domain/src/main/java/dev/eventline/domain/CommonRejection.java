package dev.eventline.domain;

/** Reasons any domain may give. */
public enum CommonRejection implements RejectionCode {
    /** The aggregate does not exist (or the caller may not know it exists). */
    NOT_FOUND,
    /** The aggregate exists already. */
    ALREADY_EXISTS,
    /** The caller may not act on this aggregate. */
    FORBIDDEN,
    /** A value outside what the domain allows (an amount past its bound ...). */
    LIMIT_EXCEEDED,
    /** The command makes no sense in the aggregate's current state. */
    INVALID_STATE
}
