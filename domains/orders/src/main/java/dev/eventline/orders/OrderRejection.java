package dev.eventline.orders;

import dev.eventline.domain.RejectionCode;

/** The orders domain's own reasons to refuse a command (besides {@link dev.eventline.domain.CommonRejection}). */
public enum OrderRejection implements RejectionCode {
    /** An order has at least one line and costs something. */
    EMPTY_ORDER,
    TOO_MANY_LINES,
    /** Only a paid order ships. */
    NOT_PAID,
    /** A shipped order can no longer be cancelled. */
    ALREADY_SHIPPED
}
