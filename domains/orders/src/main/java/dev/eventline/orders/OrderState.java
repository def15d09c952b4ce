package dev.eventline.orders;

import java.util.List;

/**
 * An order as its events made it. {@link #NONE} is the state before it was placed. Money is owed
 * back to the customer while the refund is {@link Refund#PENDING}.
 */
public record OrderState(Status status, String owner, List<Line> lines, String currency, long total, String payFrom, String failureCode,
                         String failureReason, Refund refund) {

    public enum Status {
        NONE,
        /** Placed; the payment is under way. */
        PLACED,
        PAID,
        /** The payment failed; nothing was taken. */
        REJECTED,
        CANCELLED,
        SHIPPED
    }

    public enum Refund { NONE, PENDING, DONE, FAILED }

    /** One line of an order, prices in minor units of the order's currency. */
    public record Line(String sku, int quantity, long unitPrice) {
    }

    public static final OrderState NONE = new OrderState(Status.NONE, null, List.of(), null, 0L, null, null, null, Refund.NONE);

    public OrderState {
        lines = List.copyOf(lines);
    }

    public boolean exists() {
        return status != Status.NONE;
    }

    OrderState with(Status newStatus) {
        return new OrderState(newStatus, owner, lines, currency, total, payFrom, failureCode, failureReason, refund);
    }

    OrderState with(Refund newRefund) {
        return new OrderState(status, owner, lines, currency, total, payFrom, failureCode, failureReason, newRefund);
    }

    OrderState failed(Status newStatus, String code, String reason) {
        return new OrderState(newStatus, owner, lines, currency, total, payFrom, code, reason, refund);
    }
}
