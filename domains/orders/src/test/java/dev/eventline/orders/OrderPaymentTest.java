package dev.eventline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import dev.eventline.domain.Caller;
import dev.eventline.domain.CommonRejection;
import dev.eventline.domain.ProcessManager.Instruction;
import dev.eventline.domain.ProcessManager.Outcome;
import dev.eventline.domain.Rejection;
import dev.eventline.ledger.transfer.RequestTransfer;
import dev.eventline.orders.schema.OrderCancelled;
import dev.eventline.orders.schema.OrderLine;
import dev.eventline.orders.schema.OrderPaid;
import dev.eventline.orders.schema.OrderPlaced;
import dev.eventline.orders.schema.RecordPayment;
import dev.eventline.orders.schema.RecordRefund;
import org.junit.jupiter.api.Test;

class OrderPaymentTest {

    private final OrderPayment payment = new OrderPayment(OrdersModule.DEFAULT_SETTLEMENT);
    private final OrderDecider orders = new OrderDecider();
    private final OrderPlaced placed = new OrderPlaced("alice", List.of(new OrderLine("book", 2, 500L)), "EUR", 1_000L, "acc-alice");

    @Test
    void aPlacedOrderIsPaidByATransferToTheSettlementAccountOfItsCurrencyOnTheCustomersBehalf() {
        OrderState after = orders.evolve(OrderState.NONE, placed);

        assertThat(payment.react("o-1", after, placed)).containsExactly(new Instruction(OrderPayment.Step.PAYMENT, "transfer", "order:o-1",
                new RequestTransfer("acc-alice", "settlement-eur", 1_000L, "EUR"), new Caller("alice", Set.of())));
    }

    @Test
    void aCancelledPaidOrderIsRefundedByTheReverseTransferThePlatformRequests() {
        OrderState cancelled = orders.evolve(orders.evolve(orders.evolve(OrderState.NONE, placed), new OrderPaid("order:o-1")),
                new OrderCancelled(null));

        assertThat(payment.react("o-1", cancelled, new OrderCancelled(null))).containsExactly(new Instruction(OrderPayment.Step.REFUND,
                "transfer", "order:o-1:refund", new RequestTransfer("settlement-eur", "acc-alice", 1_000L, "EUR"), Caller.PLATFORM));
        assertThat(payment.react("o-1", cancelled, new OrderPaid("order:o-1"))).isEmpty();
    }

    @Test
    void theTransfersOutcomeComesBackAsTheOrdersOwnCommand() {
        assertThat(payment.onOutcome("o-1", OrderPayment.Step.PAYMENT, Outcome.accepted(null))).isEqualTo(new RecordPayment(true, null, null));
        assertThat(payment.onOutcome("o-1", OrderPayment.Step.PAYMENT,
                Outcome.rejected(new Rejection(CommonRejection.NOT_FOUND, "account acc-x does not exist"))))
                .isEqualTo(new RecordPayment(false, "NOT_FOUND", "account acc-x does not exist"));
        assertThat(payment.onOutcome("o-1", OrderPayment.Step.REFUND, Outcome.accepted(null))).isEqualTo(new RecordRefund(true, null, null));
    }

    @Test
    void theSettlementAccountIsConfiguredPerCurrency() {
        assertThat(new OrderPayment("house").settlementFor("USD")).isEqualTo("house");
        assertThat(payment.settlementFor("USD")).isEqualTo("settlement-usd");
    }
}
