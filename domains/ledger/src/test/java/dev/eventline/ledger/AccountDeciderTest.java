package dev.eventline.ledger;

import static dev.eventline.domain.DeciderSpec.ADMIN;
import static dev.eventline.domain.DeciderSpec.STRANGER;
import static dev.eventline.domain.DeciderSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventline.domain.Caller;
import dev.eventline.domain.CommonRejection;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccountDeciderTest {

    private final AccountDecider accounts = new AccountDecider();
    private static final AccountOpened OPENED = new AccountOpened("alice", "EUR");

    private static Deposited deposited(long amount) {
        return new Deposited(amount, null);
    }

    @Nested
    class Opening {
        @Test
        void shouldOpenAnAccountOwnedByTheCaller() {
            var then = given(accounts).when(new OpenAccount("EUR")).thenEvents(OPENED);
            assertThat(then.state()).isEqualTo(new AccountState(Status.ACTIVE, "alice", "EUR", 0L));
        }

        @Test
        void shouldRejectOpeningTwice() {
            given(accounts, OPENED).when(new OpenAccount("USD")).thenRejected(CommonRejection.ALREADY_EXISTS);
        }

        @Test
        void shouldRejectEveryOtherCommandOnAnAccountThatDoesNotExist() {
            given(accounts).when(new Deposit(10L)).thenRejected(CommonRejection.NOT_FOUND);
            given(accounts).when(new Close()).thenRejected(CommonRejection.NOT_FOUND);
            given(accounts).when(new CreditForTransfer("t-1", 10L, "EUR"), Caller.PLATFORM).thenRejected(CommonRejection.NOT_FOUND);
        }

        @Test
        void shouldBeOwnedByWhoeverOpenedIt() {
            assertThat(accounts.owner(accounts.initialState())).as("nobody owns a missing account").isEmpty();
            assertThat(accounts.owner(accounts.evolve(accounts.initialState(), OPENED))).contains("alice");
        }
    }

    @Nested
    class Deposits {
        @Test
        void shouldDeposit() {
            var then = given(accounts, OPENED).when(new Deposit(1200L)).thenEvents(deposited(1200L));
            assertThat(then.state().balance()).isEqualTo(1200L);
        }

        @Test
        void shouldRejectNonPositiveAmounts() {
            given(accounts, OPENED).when(new Deposit(0L)).thenRejected(LedgerRejection.INVALID_AMOUNT);
            given(accounts, OPENED).when(new Deposit(-5L)).thenRejected(LedgerRejection.INVALID_AMOUNT);
        }

        @Test
        void shouldRejectAmountsAndBalancesPastTheBound() {
            given(accounts, OPENED).when(new Deposit(Money.MAX_AMOUNT + 1)).thenRejected(CommonRejection.LIMIT_EXCEEDED);
            given(accounts, OPENED, deposited(Money.MAX_BALANCE)).when(new Deposit(1L)).thenRejected(CommonRejection.LIMIT_EXCEEDED);
        }

        @Test
        void shouldRejectDepositsToAFrozenAccount() {
            given(accounts, OPENED, new AccountFrozen(null)).when(new Deposit(5L)).thenRejected(LedgerRejection.ACCOUNT_FROZEN);
        }

        @Test
        void shouldRejectDepositsToAClosedAccount() {
            given(accounts, OPENED, new AccountClosed()).when(new Deposit(5L)).thenRejected(LedgerRejection.ACCOUNT_CLOSED);
        }

        @Test
        void shouldRejectCommandsFromAnotherClient() {
            given(accounts, OPENED).when(new Deposit(5L), STRANGER).thenRejected(CommonRejection.FORBIDDEN);
        }

        @Test
        void shouldLetAnAdministratorCommandAnyAccount() {
            given(accounts, OPENED).when(new Deposit(5L), ADMIN).thenEvents(deposited(5L));
        }
    }

    @Nested
    class Withdrawals {
        @Test
        void shouldWithdrawUpToTheBalance() {
            var then = given(accounts, OPENED, deposited(100L)).when(new Withdraw(100L)).thenEvents(new Withdrawn(100L, null));
            assertThat(then.state().balance()).isZero();
        }

        @Test
        void shouldRejectAnOverdraft() {
            given(accounts, OPENED, deposited(100L)).when(new Withdraw(101L)).thenRejected(LedgerRejection.INSUFFICIENT_FUNDS);
        }

        @Test
        void shouldRejectWithdrawalsFromAFrozenAccount() {
            given(accounts, OPENED, deposited(100L), new AccountFrozen("audit")).when(new Withdraw(1L)).thenRejected(LedgerRejection.ACCOUNT_FROZEN);
        }

        @Test
        void shouldRejectWithdrawalsByAnotherClient() {
            given(accounts, OPENED, deposited(100L)).when(new Withdraw(1L), STRANGER).thenRejected(CommonRejection.FORBIDDEN);
        }

        @Test
        void shouldRejectNonPositiveWithdrawals() {
            given(accounts, OPENED, deposited(100L)).when(new Withdraw(0L)).thenRejected(LedgerRejection.INVALID_AMOUNT);
        }
    }

    @Nested
    class FreezingAndClosing {
        @Test
        void shouldFreezeAndUnfreeze() {
            given(accounts, OPENED).when(new Freeze("audit")).thenEvents(new AccountFrozen("audit"));
            var then = given(accounts, OPENED, new AccountFrozen("audit")).when(new Unfreeze()).thenEvents(new AccountUnfrozen());
            assertThat(then.state().status()).isEqualTo(Status.ACTIVE);
        }

        @Test
        void shouldDecideNothingWhenAskedForWhatAlreadyHolds() {
            given(accounts, OPENED, new AccountFrozen(null)).when(new Freeze(null)).thenNothing();
            given(accounts, OPENED).when(new Unfreeze()).thenNothing();
            given(accounts, OPENED, new AccountClosed()).when(new Close()).thenNothing();
        }

        @Test
        void shouldCloseAnEmptyAccount() {
            var then = given(accounts, OPENED, deposited(10L), new Withdrawn(10L, null)).when(new Close()).thenEvents(new AccountClosed());
            assertThat(then.state().status()).isEqualTo(Status.CLOSED);
        }

        @Test
        void shouldRejectClosingAnAccountWithMoney() {
            given(accounts, OPENED, deposited(10L)).when(new Close()).thenRejected(LedgerRejection.BALANCE_NOT_ZERO);
        }

        @Test
        void shouldRejectEverythingButARefundOnAClosedAccount() {
            given(accounts, OPENED, new AccountClosed()).when(new Freeze(null)).thenRejected(LedgerRejection.ACCOUNT_CLOSED);
            given(accounts, OPENED, new AccountClosed()).when(new Withdraw(1L)).thenRejected(LedgerRejection.ACCOUNT_CLOSED);
        }
    }

    @Nested
    class TransferSteps {
        @Test
        void shouldDebitForATransferOnBehalfOfTheOwner() {
            given(accounts, OPENED, deposited(50L)).when(new DebitForTransfer("t-1", 30L, null), new Caller("alice", java.util.Set.of()))
                    .thenEvents(new Withdrawn(30L, "t-1"));
        }

        @Test
        void shouldRejectADebitRequestedBySomeoneElse() {
            given(accounts, OPENED, deposited(50L)).when(new DebitForTransfer("t-1", 30L, null), STRANGER).thenRejected(CommonRejection.FORBIDDEN);
        }

        @Test
        void shouldRejectADebitPastTheBalance() {
            given(accounts, OPENED, deposited(50L)).when(new DebitForTransfer("t-1", 80L, null)).thenRejected(LedgerRejection.INSUFFICIENT_FUNDS);
        }

        @Test
        void shouldCreditInTheAccountsCurrencyOnly() {
            given(accounts, OPENED).when(new CreditForTransfer("t-1", 30L, "EUR"), Caller.PLATFORM).thenEvents(new Deposited(30L, "t-1"));
            given(accounts, OPENED).when(new CreditForTransfer("t-1", 30L, "USD"), Caller.PLATFORM).thenRejected(LedgerRejection.CURRENCY_MISMATCH);
        }

        @Test
        void shouldAcceptCreditsAndRefundsFromThePlatformOnly() {
            given(accounts, OPENED).when(new CreditForTransfer("t-1", 30L, "EUR"), new Caller("alice", java.util.Set.of()))
                    .thenRejected(CommonRejection.FORBIDDEN);
            given(accounts, OPENED).when(new RefundForTransfer("t-1", 30L), new Caller("alice", java.util.Set.of()))
                    .thenRejected(CommonRejection.FORBIDDEN);
        }

        @Test
        void shouldRejectACreditToAFrozenOrClosedAccount() {
            given(accounts, OPENED, new AccountFrozen(null)).when(new CreditForTransfer("t-1", 1L, "EUR"), Caller.PLATFORM)
                    .thenRejected(LedgerRejection.ACCOUNT_FROZEN);
            given(accounts, OPENED, new AccountClosed()).when(new CreditForTransfer("t-1", 1L, "EUR"), Caller.PLATFORM)
                    .thenRejected(LedgerRejection.ACCOUNT_CLOSED);
        }

        @Test
        void shouldAlwaysLandARefundSoMoneyNeverVanishes() {
            given(accounts, OPENED, new AccountFrozen(null)).when(new RefundForTransfer("t-1", 30L), Caller.PLATFORM)
                    .thenEvents(new Deposited(30L, "t-1"));
            given(accounts, OPENED, new AccountClosed()).when(new RefundForTransfer("t-1", 30L), Caller.PLATFORM)
                    .thenEvents(new Deposited(30L, "t-1"));
        }
    }
}
