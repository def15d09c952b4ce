package dev.eventline.orders;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.eventline.domain.Caller;
import dev.eventline.domain.ProcessManager;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.transfer.RequestTransfer;
import dev.eventline.orders.schema.OrderCancelled;
import dev.eventline.orders.schema.OrderPlaced;
import dev.eventline.orders.schema.RecordPayment;
import dev.eventline.orders.schema.RecordRefund;
import org.apache.avro.specific.SpecificRecord;

/**
 * The saga between an order and the ledger. A placed order is paid by a transfer from the
 * customer's {@code payFrom} account to the settlement account of its currency, requested on the
 * customer's behalf (so paying from an account the customer does not own fails like paying from a
 * missing one) and in the order's currency (an account in another currency refuses the debit).
 * The platform answers once the transfer has finished: completed, the order is paid; failed (and
 * compensated if the money had left), the order is rejected. A cancelled paid order is refunded by
 * the reverse transfer, which the platform itself requests.
 */
public final class OrderPayment implements ProcessManager<SpecificRecord, OrderState> {

    public enum Step implements Instruction.Purpose { PAYMENT, REFUND }

    private final String settlementAccount;

    /** {@code settlementAccount}: the account id, where {@code {currency}} stands for the order's currency in lower case. */
    public OrderPayment(String settlementAccount) {
        this.settlementAccount = settlementAccount;
    }

    /** The payment transfer's id: one per order, so a retried instruction is the same transfer. */
    public static String paymentId(String orderId) {
        return "order:" + orderId;
    }

    public static String refundId(String orderId) {
        return "order:" + orderId + ":refund";
    }

    String settlementFor(String currency) {
        return settlementAccount.replace("{currency}", currency.toLowerCase(Locale.ROOT));
    }

    @Override
    public List<Instruction> react(String orderId, OrderState after, SpecificRecord event) {
        if (event instanceof OrderPlaced placed) {
            return List.of(new Instruction(Step.PAYMENT, LedgerModule.TRANSFER, paymentId(orderId),
                    new RequestTransfer(placed.getPayFrom(), settlementFor(placed.getCurrency()), placed.getTotal(), placed.getCurrency()),
                    new Caller(placed.getOwner(), Set.of())));
        }
        if (event instanceof OrderCancelled) {
            return List.of(new Instruction(Step.REFUND, LedgerModule.TRANSFER, refundId(orderId),
                    new RequestTransfer(settlementFor(after.currency()), after.payFrom(), after.total(), after.currency()), Caller.PLATFORM));
        }
        return List.of();
    }

    @Override
    public Object onOutcome(String orderId, Instruction.Purpose purpose, Outcome outcome) {
        String code = outcome.accepted() ? null : outcome.rejection().code().name();
        String message = outcome.accepted() ? null : outcome.rejection().message();
        return switch ((Step) purpose) {
            case PAYMENT -> new RecordPayment(outcome.accepted(), code, message);
            case REFUND -> new RecordRefund(outcome.accepted(), code, message);
        };
    }

    @Override
    public Step purpose(String name) {
        return Step.valueOf(name);
    }
}
