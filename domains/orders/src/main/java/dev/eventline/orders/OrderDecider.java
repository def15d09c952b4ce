package dev.eventline.orders;

import static dev.eventline.domain.CommonRejection.ALREADY_EXISTS;
import static dev.eventline.domain.CommonRejection.FORBIDDEN;
import static dev.eventline.domain.CommonRejection.INVALID_STATE;
import static dev.eventline.domain.CommonRejection.LIMIT_EXCEEDED;
import static dev.eventline.domain.CommonRejection.NOT_FOUND;
import static dev.eventline.orders.OrderRejection.ALREADY_SHIPPED;
import static dev.eventline.orders.OrderRejection.EMPTY_ORDER;
import static dev.eventline.orders.OrderRejection.NOT_PAID;
import static dev.eventline.orders.OrderRejection.TOO_MANY_LINES;

import java.util.List;
import java.util.Optional;

import dev.eventline.domain.Command;
import dev.eventline.domain.Decider;
import dev.eventline.domain.Decision;
import dev.eventline.orders.OrderState.Refund;
import dev.eventline.orders.OrderState.Status;
import dev.eventline.orders.schema.Cancel;
import dev.eventline.orders.schema.OrderCancelled;
import dev.eventline.orders.schema.OrderLine;
import dev.eventline.orders.schema.OrderPaid;
import dev.eventline.orders.schema.OrderPlaced;
import dev.eventline.orders.schema.OrderRefundFailed;
import dev.eventline.orders.schema.OrderRefunded;
import dev.eventline.orders.schema.OrderRejected;
import dev.eventline.orders.schema.OrderShipped;
import dev.eventline.orders.schema.PlaceOrder;
import dev.eventline.orders.schema.RecordPayment;
import dev.eventline.orders.schema.RecordRefund;
import dev.eventline.orders.schema.Ship;
import org.apache.avro.specific.SpecificRecord;

/**
 * An order's life: placed by its owner, then paid (or rejected when the payment fails), then
 * shipped; a paid order may be cancelled before it ships, and is then refunded. The payment and
 * the refund are ledger transfers run by {@link OrderPayment}; their answers come back as
 * RecordPayment and RecordRefund, which only the platform sends. An answer that no longer fits the
 * state (a redelivery) decides nothing.
 */
public final class OrderDecider implements Decider<SpecificRecord, SpecificRecord, OrderState> {

    public static final int MAX_LINES = 100;
    /** The same bound as a ledger amount: the order's total is one transfer. */
    public static final long MAX_TOTAL = 1_000_000_000_000_000L;
    /** Room in a transfer id (128 characters) for the payment's and the refund's prefix and suffix. */
    public static final int MAX_ID_LENGTH = 115;

    @Override
    public OrderState initialState() {
        return OrderState.NONE;
    }

    @Override
    public Decision<SpecificRecord> decide(Command<SpecificRecord> command, OrderState state) {
        SpecificRecord payload = command.payload();
        if (payload instanceof PlaceOrder place) {
            return place(command, place, state);
        }
        if (!state.exists()) {
            return Decision.reject(NOT_FOUND, "order " + command.aggregateId() + " does not exist");
        }
        if (payload instanceof Cancel cancel) {
            return switch (state.status()) {
                case PAID -> Decision.accept(new OrderCancelled(cancel.getReason()));
                case PLACED -> Decision.reject(INVALID_STATE, "the payment is under way; cancel once it is settled");
                case SHIPPED -> Decision.reject(ALREADY_SHIPPED, "order " + command.aggregateId() + " has shipped");
                default -> Decision.unchanged(); // rejected or cancelled already
            };
        }
        if (payload instanceof Ship) {
            return switch (state.status()) {
                case PAID -> Decision.accept(new OrderShipped());
                case SHIPPED -> Decision.unchanged();
                case PLACED -> Decision.reject(NOT_PAID, "order " + command.aggregateId() + " is not paid yet");
                default -> Decision.reject(INVALID_STATE, "order " + command.aggregateId() + " is " + state.status());
            };
        }
        if (!command.caller().isAdmin()) {
            return Decision.reject(FORBIDDEN, "only the platform records a payment or a refund");
        }
        if (payload instanceof RecordPayment payment) {
            if (state.status() != Status.PLACED) {
                return Decision.unchanged();
            }
            return payment.getAccepted() ? Decision.accept(new OrderPaid(OrderPayment.paymentId(command.aggregateId())))
                    : Decision.accept(new OrderRejected(orUnknown(payment.getRejectionCode()), orEmpty(payment.getRejectionMessage())));
        }
        if (payload instanceof RecordRefund refund) {
            if (state.refund() != Refund.PENDING) {
                return Decision.unchanged();
            }
            return refund.getAccepted() ? Decision.accept(new OrderRefunded(OrderPayment.refundId(command.aggregateId())))
                    : Decision.accept(new OrderRefundFailed(orUnknown(refund.getRejectionCode()), orEmpty(refund.getRejectionMessage())));
        }
        throw new IllegalArgumentException("not an order command: " + payload.getSchema().getFullName());
    }

    private static Decision<SpecificRecord> place(Command<SpecificRecord> command, PlaceOrder place, OrderState state) {
        if (state.exists()) {
            return Decision.reject(ALREADY_EXISTS, "order " + command.aggregateId() + " exists already");
        }
        if (command.aggregateId().length() > MAX_ID_LENGTH) {
            return Decision.reject(LIMIT_EXCEEDED, "an order id has at most " + MAX_ID_LENGTH + " characters");
        }
        List<OrderLine> lines = place.getLines();
        if (lines.size() > MAX_LINES) {
            return Decision.reject(TOO_MANY_LINES, "an order has at most " + MAX_LINES + " lines, got " + lines.size());
        }
        long total = 0;
        try {
            for (OrderLine line : lines) {
                total = Math.addExact(total, Math.multiplyExact(line.getUnitPrice(), (long) line.getQuantity()));
            }
        } catch (ArithmeticException e) {
            total = Long.MAX_VALUE;
        }
        if (total > MAX_TOTAL) {
            return Decision.reject(LIMIT_EXCEEDED, "the order's total exceeds " + MAX_TOTAL);
        }
        if (total == 0) {
            return Decision.reject(EMPTY_ORDER, "an order has at least one line and a total above zero");
        }
        return Decision.accept(new OrderPlaced(command.caller().clientId(), lines, place.getCurrency(), total, place.getPayFrom()));
    }

    @Override
    public Optional<String> owner(OrderState state) {
        return Optional.ofNullable(state.owner());
    }

    @Override
    public OrderState evolve(OrderState state, SpecificRecord event) {
        if (event instanceof OrderPlaced placed) {
            List<OrderState.Line> lines = placed.getLines().stream()
                    .map(l -> new OrderState.Line(l.getSku(), l.getQuantity(), l.getUnitPrice())).toList();
            return new OrderState(Status.PLACED, placed.getOwner(), lines, placed.getCurrency(), placed.getTotal(), placed.getPayFrom(),
                    null, null, Refund.NONE);
        }
        if (event instanceof OrderPaid) {
            return state.with(Status.PAID);
        }
        if (event instanceof OrderRejected rejected) {
            return state.failed(Status.REJECTED, rejected.getReasonCode(), rejected.getReason());
        }
        if (event instanceof OrderCancelled) {
            return state.with(Status.CANCELLED).with(Refund.PENDING);
        }
        if (event instanceof OrderShipped) {
            return state.with(Status.SHIPPED);
        }
        if (event instanceof OrderRefunded) {
            return state.with(Refund.DONE);
        }
        if (event instanceof OrderRefundFailed failed) {
            return state.failed(Status.CANCELLED, failed.getReasonCode(), failed.getReason()).with(Refund.FAILED);
        }
        throw new IllegalArgumentException("not an order event: " + event.getSchema().getFullName());
    }

    private static String orUnknown(String code) {
        return code == null ? "UNKNOWN" : code;
    }

    private static String orEmpty(String message) {
        return message == null ? "" : message;
    }
}
