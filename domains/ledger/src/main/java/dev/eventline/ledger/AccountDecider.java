package dev.eventline.ledger;

import static dev.eventline.domain.CommonRejection.ALREADY_EXISTS;
import static dev.eventline.domain.CommonRejection.FORBIDDEN;
import static dev.eventline.domain.CommonRejection.LIMIT_EXCEEDED;
import static dev.eventline.domain.CommonRejection.NOT_FOUND;
import static dev.eventline.ledger.LedgerRejection.ACCOUNT_CLOSED;
import static dev.eventline.ledger.LedgerRejection.ACCOUNT_FROZEN;
import static dev.eventline.ledger.LedgerRejection.BALANCE_NOT_ZERO;
import static dev.eventline.ledger.LedgerRejection.CURRENCY_MISMATCH;
import static dev.eventline.ledger.LedgerRejection.INSUFFICIENT_FUNDS;
import static dev.eventline.ledger.LedgerRejection.INVALID_AMOUNT;

import java.util.Optional;

import dev.eventline.domain.Command;
import dev.eventline.domain.Decider;
import dev.eventline.domain.Decision;
import dev.eventline.ledger.AccountState.Status;
import dev.eventline.ledger.account.AccountClosed;
import dev.eventline.ledger.account.AccountFrozen;
import dev.eventline.ledger.account.AccountOpened;
import dev.eventline.ledger.account.AccountUnfrozen;
import dev.eventline.ledger.account.Close;
import dev.eventline.ledger.account.CreditForTransfer;
import dev.eventline.ledger.account.DebitForTransfer;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Freeze;
import dev.eventline.ledger.account.OpenAccount;
import dev.eventline.ledger.account.RefundForTransfer;
import dev.eventline.ledger.account.Unfreeze;
import dev.eventline.ledger.account.Withdraw;
import dev.eventline.ledger.account.Withdrawn;
import org.apache.avro.specific.SpecificRecord;

/**
 * Accounts: opened by their owner in one currency; deposits and withdrawals without overdraft;
 * frozen accounts move no money; closed only when empty. Only the owner (or an administrator)
 * commands an account. Transfer credits and refunds come from the platform; a refund always
 * lands, even on a frozen or closed account, since money must never vanish.
 */
public final class AccountDecider implements Decider<SpecificRecord, SpecificRecord, AccountState> {

    @Override
    public AccountState initialState() {
        return AccountState.NONE;
    }

    @Override
    public Decision<SpecificRecord> decide(Command<SpecificRecord> command, AccountState state) {
        SpecificRecord payload = command.payload();
        if (payload instanceof OpenAccount open) {
            return state.exists()
                    ? Decision.reject(ALREADY_EXISTS, "account " + command.aggregateId() + " exists already")
                    : Decision.accept(new AccountOpened(command.caller().clientId(), open.getCurrency()));
        }
        if (!state.exists()) {
            return Decision.reject(NOT_FOUND, "account " + command.aggregateId() + " does not exist");
        }
        boolean fromPlatform = payload instanceof CreditForTransfer || payload instanceof RefundForTransfer;
        if (fromPlatform ? !command.caller().isAdmin() : !command.caller().mayActFor(state.owner())) {
            return Decision.reject(FORBIDDEN, "client " + command.caller().clientId() + " may not command account " + command.aggregateId());
        }
        if (payload instanceof RefundForTransfer refund) {
            return Decision.accept(new Deposited(refund.getAmount(), refund.getTransferId()));
        }
        if (state.status() == Status.CLOSED) {
            return payload instanceof Close ? Decision.unchanged() : Decision.reject(ACCOUNT_CLOSED, "account " + command.aggregateId() + " is closed");
        }
        if (payload instanceof Deposit deposit) {
            return credit(state, deposit.getAmount(), null);
        }
        if (payload instanceof Withdraw withdraw) {
            return debit(state, withdraw.getAmount(), null);
        }
        if (payload instanceof DebitForTransfer debit) {
            return debit.getCurrency() == null || debit.getCurrency().equals(state.currency())
                    ? debit(state, debit.getAmount(), debit.getTransferId())
                    : Decision.reject(CURRENCY_MISMATCH, "account holds " + state.currency() + ", not " + debit.getCurrency());
        }
        if (payload instanceof CreditForTransfer credit) {
            return credit.getCurrency().equals(state.currency())
                    ? credit(state, credit.getAmount(), credit.getTransferId())
                    : Decision.reject(CURRENCY_MISMATCH, "account holds " + state.currency() + ", not " + credit.getCurrency());
        }
        if (payload instanceof Freeze freeze) {
            return state.status() == Status.FROZEN ? Decision.unchanged() : Decision.accept(new AccountFrozen(freeze.getReason()));
        }
        if (payload instanceof Unfreeze) {
            return state.status() == Status.ACTIVE ? Decision.unchanged() : Decision.accept(new AccountUnfrozen());
        }
        if (payload instanceof Close) {
            return state.balance() == 0 ? Decision.accept(new AccountClosed())
                    : Decision.reject(BALANCE_NOT_ZERO, "balance is " + state.balance() + "; only an empty account can be closed");
        }
        throw new IllegalArgumentException("not an account command: " + payload.getSchema().getFullName());
    }

    private static Decision<SpecificRecord> credit(AccountState state, long amount, String transferId) {
        Decision<SpecificRecord> invalid = checkAmount(state, amount);
        if (invalid != null) {
            return invalid;
        }
        if (state.balance() > Money.MAX_BALANCE - amount) {
            return Decision.reject(LIMIT_EXCEEDED, "balance would exceed " + Money.MAX_BALANCE);
        }
        return Decision.accept(new Deposited(amount, transferId));
    }

    private static Decision<SpecificRecord> debit(AccountState state, long amount, String transferId) {
        Decision<SpecificRecord> invalid = checkAmount(state, amount);
        if (invalid != null) {
            return invalid;
        }
        if (amount > state.balance()) {
            return Decision.reject(INSUFFICIENT_FUNDS, "balance " + state.balance() + " is less than " + amount);
        }
        return Decision.accept(new Withdrawn(amount, transferId));
    }

    /** Shared by every movement of money: positive, bounded, and not on a frozen account. */
    private static Decision<SpecificRecord> checkAmount(AccountState state, long amount) {
        if (amount <= 0) {
            return Decision.reject(INVALID_AMOUNT, "amount must be positive, got " + amount);
        }
        if (amount > Money.MAX_AMOUNT) {
            return Decision.reject(LIMIT_EXCEEDED, "amount " + amount + " exceeds " + Money.MAX_AMOUNT);
        }
        if (state.status() == Status.FROZEN) {
            return Decision.reject(ACCOUNT_FROZEN, "account is frozen");
        }
        return null;
    }

    @Override
    public Optional<String> owner(AccountState state) {
        return Optional.ofNullable(state.owner());
    }

    @Override
    public AccountState evolve(AccountState state, SpecificRecord event) {
        if (event instanceof AccountOpened opened) {
            return new AccountState(Status.ACTIVE, opened.getOwner(), opened.getCurrency(), 0L);
        }
        if (event instanceof Deposited deposited) {
            return state.withBalance(state.balance() + deposited.getAmount());
        }
        if (event instanceof Withdrawn withdrawn) {
            return state.withBalance(state.balance() - withdrawn.getAmount());
        }
        if (event instanceof AccountFrozen) {
            return state.withStatus(Status.FROZEN);
        }
        if (event instanceof AccountUnfrozen) {
            return state.withStatus(Status.ACTIVE);
        }
        if (event instanceof AccountClosed) {
            return state.withStatus(Status.CLOSED);
        }
        throw new IllegalArgumentException("not an account event: " + event.getSchema().getFullName());
    }
}
