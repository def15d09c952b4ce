package dev.eventline.ledger;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.eventline.domain.Caller;
import dev.eventline.domain.ProcessManager;
import dev.eventline.domain.Rejection;
import dev.eventline.domain.RejectionCode;
import dev.eventline.ledger.account.CreditForTransfer;
import dev.eventline.ledger.account.DebitForTransfer;
import dev.eventline.ledger.account.RefundForTransfer;
import dev.eventline.ledger.transfer.RecordCredit;
import dev.eventline.ledger.transfer.RecordDebit;
import dev.eventline.ledger.transfer.RecordRefund;
import dev.eventline.ledger.transfer.TransferDebited;
import dev.eventline.ledger.transfer.TransferFailed;
import dev.eventline.ledger.transfer.TransferRequested;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a transfer asks of accounts: debit the source on behalf of the requester (so the source's
 * owner check applies, and a source the requester does not own fails like a missing one, unless
 * the requester is an administrator or the platform), credit the destination as the platform
 * (anyone may receive), and refund the source when the credit fails.
 */
public final class TransferProcess implements ProcessManager<SpecificRecord, TransferState> {

    public enum Step implements Instruction.Purpose { DEBIT, CREDIT, REFUND }

    static final String DESTINATION_REFUSED_MESSAGE = "the destination account cannot receive this transfer";

    @Override
    public List<Instruction> react(String transferId, TransferState after, SpecificRecord event) {
        if (event instanceof TransferRequested requested) {
            return List.of(new Instruction(Step.DEBIT, LedgerModule.ACCOUNT, requested.getFrom(),
                    new DebitForTransfer(transferId, requested.getAmount(), requested.getCurrency()), requester(requested)));
        }
        if (event instanceof TransferDebited debited) {
            return List.of(new Instruction(Step.CREDIT, LedgerModule.ACCOUNT, after.to(),
                    new CreditForTransfer(transferId, after.amount(), debited.getCurrency()), Caller.PLATFORM));
        }
        if (event instanceof TransferFailed && after.status() == TransferState.Status.COMPENSATING) {
            return List.of(new Instruction(Step.REFUND, LedgerModule.ACCOUNT, after.from(),
                    new RefundForTransfer(transferId, after.amount()), Caller.PLATFORM));
        }
        return List.of();
    }

    /** The requester, with the administrator's reach when it had it (the platform's own refunds among them). */
    private static Caller requester(TransferRequested requested) {
        return new Caller(requested.getRequestedBy(), requested.getRequestedByAdmin() ? Set.of(Caller.ADMIN) : Set.of());
    }

    @Override
    public Object onOutcome(String transferId, Instruction.Purpose purpose, Outcome outcome) {
        String code = outcome.accepted() ? null : outcome.rejection().code().name();
        String message = outcome.accepted() ? null : outcome.rejection().message();
        return switch ((Step) purpose) {
            case DEBIT -> new RecordDebit(outcome.accepted(),
                    outcome.accepted() ? ((AccountState) outcome.stateAfter()).currency() : null, code, message);
            // The destination may belong to anyone: its refusal (missing, frozen, closed, another
            // currency ...) is not the requester's to know, so every refusal reads alike.
            case CREDIT -> outcome.accepted() ? new RecordCredit(true, null, null)
                    : new RecordCredit(false, LedgerRejection.DESTINATION_REFUSED.name(), DESTINATION_REFUSED_MESSAGE);
            case REFUND -> new RecordRefund(outcome.accepted(), code);
        };
    }

    /** Answers a process that asked for the transfer once the money has landed, or has not and will not. */
    @Override
    public Optional<Outcome> finished(TransferState state) {
        return switch (state.status()) {
            case COMPLETED -> Optional.of(Outcome.accepted(state));
            case FAILED, COMPENSATED -> Optional.of(Outcome.rejected(new Rejection(new FailureCode(state.failureCode()),
                    state.failureReason() == null ? "" : state.failureReason())));
            default -> Optional.empty();
        };
    }

    /** A failure code as the transfer recorded it (one of the ledger's or a common one). */
    private record FailureCode(String name) implements RejectionCode {
    }

    @Override
    public Step purpose(String name) {
        return Step.valueOf(name);
    }
}
