package dev.eventline.orders;

import static dev.eventline.domain.DeciderSpec.ADMIN;
import static dev.eventline.domain.DeciderSpec.OWNER;
import static dev.eventline.domain.DeciderSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

import dev.eventline.domain.CommonRejection;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrderDeciderTest {

    private final OrderDecider orders = new OrderDecider();
    private static final List<OrderLine> LINES = List.of(new OrderLine("book", 2, 1_250L), new OrderLine("pen", 1, 300L));
    private static final OrderPlaced PLACED = new OrderPlaced("alice", LINES, "EUR", 2_800L, "acc-alice");
    private static final OrderPaid PAID = new OrderPaid("order:agg-1");

    @Nested
    class Placing {

        @Test
        void anOrderIsPlacedForItsCallerWithTheTotalOfItsLines() {
            var then = given(orders).when(new PlaceOrder(LINES, "EUR", "acc-alice")).thenEvents(PLACED);

            assertThat(then.state().status()).isEqualTo(Status.PLACED);
            assertThat(then.state().owner()).isEqualTo("alice");
            assertThat(then.state().lines()).containsExactly(new OrderState.Line("book", 2, 1_250L), new OrderState.Line("pen", 1, 300L));
        }

        @Test
        void anEmptyOrAFreeOrderIsRefused() {
            given(orders).when(new PlaceOrder(List.of(), "EUR", "acc-alice")).thenRejected(OrderRejection.EMPTY_ORDER);
            given(orders).when(new PlaceOrder(List.of(new OrderLine("gift", 1, 0L)), "EUR", "acc-alice"))
                    .thenRejected(OrderRejection.EMPTY_ORDER);
        }

        @Test
        void tooManyLinesATotalPastTheLedgersBoundAndTakenIdsAreRefused() {
            given(orders).when(new PlaceOrder(Collections.nCopies(OrderDecider.MAX_LINES + 1, new OrderLine("x", 1, 1L)), "EUR", "a"))
                    .thenRejected(OrderRejection.TOO_MANY_LINES);
            given(orders).when(new PlaceOrder(List.of(new OrderLine("x", 1_000_000, 1_000_000_000_000L)), "EUR", "a"))
                    .thenRejected(CommonRejection.LIMIT_EXCEEDED);
            given(orders).when(new PlaceOrder(List.of(new OrderLine("x", Integer.MAX_VALUE, Long.MAX_VALUE)), "EUR", "a"))
                    .thenRejected(CommonRejection.LIMIT_EXCEEDED);
            given(orders, PLACED).when(new PlaceOrder(LINES, "EUR", "acc-alice")).thenRejected(CommonRejection.ALREADY_EXISTS);
        }
    }

    @Nested
    class Payment {

        @Test
        void anAcceptedPaymentPaysTheOrderAndAFailedOneRejectsIt() {
            given(orders, PLACED).when(new RecordPayment(true, null, null), ADMIN).thenEvents(PAID);
            var then = given(orders, PLACED).when(new RecordPayment(false, "INSUFFICIENT_FUNDS", "balance 10 is below 2800"), ADMIN)
                    .thenEvents(new OrderRejected("INSUFFICIENT_FUNDS", "balance 10 is below 2800"));

            assertThat(then.state().status()).isEqualTo(Status.REJECTED);
            assertThat(then.state().failureCode()).isEqualTo("INSUFFICIENT_FUNDS");
        }

        @Test
        void onlyThePlatformRecordsAPaymentAndARedeliveryChangesNothing() {
            given(orders, PLACED).when(new RecordPayment(true, null, null), OWNER).thenRejected(CommonRejection.FORBIDDEN);
            given(orders, PLACED, PAID).when(new RecordPayment(false, "X", "late"), ADMIN).thenNothing();
        }
    }

    @Nested
    class AfterPayment {

        @Test
        void aPaidOrderShipsOnceAndAnUnpaidOneDoesNot() {
            given(orders, PLACED, PAID).when(new Ship()).thenEvents(new OrderShipped());
            given(orders, PLACED, PAID, new OrderShipped()).when(new Ship()).thenNothing();
            given(orders, PLACED).when(new Ship()).thenRejected(OrderRejection.NOT_PAID);
            given(orders, PLACED, new OrderRejected("X", "y")).when(new Ship()).thenRejected(CommonRejection.INVALID_STATE);
        }

        @Test
        void cancellingAPaidOrderOwesARefundUntilItIsRecorded() {
            var cancelled = given(orders, PLACED, PAID).when(new Cancel("changed my mind")).thenEvents(new OrderCancelled("changed my mind"));
            assertThat(cancelled.state().refund()).isEqualTo(Refund.PENDING);

            var refunded = given(orders, PLACED, PAID, new OrderCancelled(null)).when(new RecordRefund(true, null, null), ADMIN)
                    .thenEvents(new OrderRefunded("order:agg-1:refund"));
            assertThat(refunded.state().refund()).isEqualTo(Refund.DONE);

            var failed = given(orders, PLACED, PAID, new OrderCancelled(null))
                    .when(new RecordRefund(false, "DESTINATION_REFUSED", "closed"), ADMIN)
                    .thenEvents(new OrderRefundFailed("DESTINATION_REFUSED", "closed"));
            assertThat(failed.state().refund()).isEqualTo(Refund.FAILED);
            given(orders, PLACED, PAID, new OrderCancelled(null), new OrderRefunded("r")).when(new RecordRefund(true, null, null), ADMIN)
                    .thenNothing();
        }

        @Test
        void anOrderCannotBeCancelledWhileItsPaymentIsUnderWayOrAfterItShipped() {
            given(orders, PLACED).when(new Cancel(null)).thenRejected(CommonRejection.INVALID_STATE);
            given(orders, PLACED, PAID, new OrderShipped()).when(new Cancel(null)).thenRejected(OrderRejection.ALREADY_SHIPPED);
            given(orders, PLACED, new OrderRejected("X", "y")).when(new Cancel(null)).thenNothing();
        }

        @Test
        void anOrderThatDoesNotExistIsNotFound() {
            given(orders).when(new Ship()).thenRejected(CommonRejection.NOT_FOUND);
            given(orders).when(new Cancel(null)).thenRejected(CommonRejection.NOT_FOUND);
        }
    }

    @Test
    void theOwnerIsTheClientThatPlacedIt() {
        assertThat(orders.owner(OrderState.NONE)).isEmpty();
        assertThat(orders.owner(orders.evolve(OrderState.NONE, PLACED))).contains("alice");
    }
}
