package dev.eventline.ledger;

import static dev.eventline.domain.CommonRejection.ALREADY_EXISTS;
import static dev.eventline.domain.CommonRejection.FORBIDDEN;
import static dev.eventline.domain.CommonRejection.INVALID_STATE;
import static dev.eventline.domain.CommonRejection.LIMIT_EXCEEDED;
import static dev.eventline.domain.CommonRejection.NOT_FOUND;
import static dev.eventline.ledger.LedgerRejection.INVALID_AMOUNT;
import static dev.eventline.ledger.LedgerRejection.INVALID_CURRENCY;
import static dev.eventline.ledger.LedgerRejection.SAME_ACCOUNT;

import java.util.Optional;

import dev.eventline.domain.Command;
import dev.eventline.domain.Decider;
import dev.eventline.domain.Decision;
import dev.eventline.ledger.TransferState.Status;
import dev.eventline.ledger.transfer.RecordCredit;
import dev.eventline.ledger.transfer.RecordDebit;
import dev.eventline.ledger.transfer.RecordRefund;
import dev.eventline.ledger.transfer.RequestTransfer;
import dev.eventline.ledger.transfer.TransferCompensated;
import dev.eventline.ledger.transfer.TransferCompleted;
import dev.eventline.ledger.transfer.TransferCredited;
import dev.eventline.ledger.transfer.TransferDebited;
import dev.eventline.ledger.transfer.TransferFailed;
import dev.eventline.ledger.transfer.TransferRequested;
import org.apache.avro.specific.SpecificRecord;

/**
 * A transfer's state machine: requested, then debited, then credited and completed; or failed
 * (debit refused: nothing moved), or failed after the debit and compensated by a refund. The
 * Record* commands carry the accounts' answers back; an answer that no longer fits the state (a
 * redelivery) decides nothing.
 */
public final class TransferDecider implements Decider<SpecificRecord, SpecificRecord, TransferState> {

    @Override
    public TransferState initialState() {
        return TransferState.NONE;
    }

    @Override
    public Decision<SpecificRecord> decide(Command<SpecificRecord> command, TransferState state) {
        SpecificRecord payload = command.payload();
        if (payload instanceof RequestTransfer request) {
            if (state.exists()) {
                return Decision.reject(ALREADY_EXISTS, "transfer " + command.aggregateId() + " exists already");
            }
            if (request.getAmount() <= 0) {
                return Decision.reject(INVALID_AMOUNT, "amount must be positive, got " + request.getAmount());
            }
            if (request.getAmount() > Money.MAX_AMOUNT) {
                return Decision.reject(LIMIT_EXCEEDED, "amount " + request.getAmount() + " exceeds " + Money.MAX_AMOUNT);
            }
            if (request.getFrom().equals(request.getTo())) {
                return Decision.reject(SAME_ACCOUNT, "a transfer needs two different accounts");
            }
            if (request.getCurrency() != null && !request.getCurrency().matches("[A-Z]{3}")) {
                return Decision.reject(INVALID_CURRENCY, "currency is an ISO 4217 code such as EUR, got " + request.getCurrency());
            }
            return Decision.accept(new TransferRequested(request.getFrom(), request.getTo(), request.getAmount(), command.caller().clientId(),
                    request.getCurrency(), command.caller().isAdmin()));
        }
        if (!state.exists()) {
            return Decision.reject(NOT_FOUND, "transfer " + command.aggregateId() + " does not exist");
        }
        if (!command.caller().isAdmin()) {
            return Decision.reject(FORBIDDEN, "only the platform records a transfer's progress");
        }
        if (payload instanceof RecordDebit debit) {
            if (state.status() != Status.REQUESTED) {
                return Decision.unchanged();
            }
            return debit.getAccepted() ? Decision.accept(new TransferDebited(debit.getCurrency()))
                    : Decision.accept(failed(debit.getRejectionCode(), debit.getRejectionMessage()));
        }
        if (payload instanceof RecordCredit credit) {
            if (state.status() != Status.DEBITED) {
                return Decision.unchanged();
            }
            return credit.getAccepted() ? Decision.accept(new TransferCredited(), new TransferCompleted())
                    : Decision.accept(failed(credit.getRejectionCode(), credit.getRejectionMessage()));
        }
        if (payload instanceof RecordRefund refund) {
            if (state.status() != Status.COMPENSATING) {
                return Decision.unchanged();
            }
            // A refund is always accepted by the account; anything else is a defect to surface, not to hide.
            return refund.getAccepted() ? Decision.accept(new TransferCompensated())
                    : Decision.reject(INVALID_STATE, "refund of transfer " + command.aggregateId() + " was refused: " + refund.getRejectionCode());
        }
        throw new IllegalArgumentException("not a transfer command: " + payload.getSchema().getFullName());
    }

    private static TransferFailed failed(String code, String reason) {
        return new TransferFailed(code == null ? "UNKNOWN" : code, reason == null ? "" : reason);
    }

    /** The client that requested it; the accounts' owners see their side in the accounts' own histories. */
    @Override
    public Optional<String> owner(TransferState state) {
        return Optional.ofNullable(state.requestedBy());
    }

    @Override
    public TransferState evolve(TransferState state, SpecificRecord event) {
        if (event instanceof TransferRequested requested) {
            return new TransferState(Status.REQUESTED, requested.getFrom(), requested.getTo(), requested.getAmount(), requested.getCurrency(),
                    requested.getRequestedBy(), null, null);
        }
        if (event instanceof TransferDebited debited) {
            return new TransferState(Status.DEBITED, state.from(), state.to(), state.amount(), debited.getCurrency(),
                    state.requestedBy(), null, null);
        }
        if (event instanceof TransferCredited) {
            return state.with(Status.CREDITED);
        }
        if (event instanceof TransferCompleted) {
            return state.with(Status.COMPLETED);
        }
        if (event instanceof TransferFailed failed) {
            Status next = state.status() == Status.DEBITED ? Status.COMPENSATING : Status.FAILED;
            return new TransferState(next, state.from(), state.to(), state.amount(), state.currency(), state.requestedBy(),
                    failed.getReasonCode(), failed.getReason());
        }
        if (event instanceof TransferCompensated) {
            return state.with(Status.COMPENSATED);
        }
        throw new IllegalArgumentException("not a transfer event: " + event.getSchema().getFullName());
    }
}
