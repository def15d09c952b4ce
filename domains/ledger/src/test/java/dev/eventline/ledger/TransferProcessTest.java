package dev.eventline.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import dev.eventline.domain.Caller;
import dev.eventline.domain.CommonRejection;
import dev.eventline.domain.ProcessManager.Instruction;
import dev.eventline.domain.ProcessManager.Outcome;
import dev.eventline.domain.Rejection;
import dev.eventline.ledger.AccountState.Status;
import dev.eventline.ledger.account.CreditForTransfer;
import dev.eventline.ledger.account.DebitForTransfer;
import dev.eventline.ledger.account.RefundForTransfer;
import dev.eventline.ledger.transfer.RecordCredit;
import dev.eventline.ledger.transfer.RecordDebit;
import dev.eventline.ledger.transfer.RecordRefund;
import dev.eventline.ledger.transfer.TransferCompleted;
import dev.eventline.ledger.transfer.TransferDebited;
import dev.eventline.ledger.transfer.TransferFailed;
import dev.eventline.ledger.transfer.TransferRequested;
import org.junit.jupiter.api.Test;

class TransferProcessTest {

    private final TransferProcess process = new TransferProcess();
    private static final TransferState REQUESTED = new TransferState(TransferState.Status.REQUESTED, "acc-a", "acc-b", 250L, null, "alice", null, null);
    private static final TransferState DEBITED = new TransferState(TransferState.Status.DEBITED, "acc-a", "acc-b", 250L, "EUR", "alice", null, null);

    @Test
    void shouldDebitTheSourceOnBehalfOfTheRequester() {
        assertThat(process.react("t-1", REQUESTED, new TransferRequested("acc-a", "acc-b", 250L, "alice", null, false))).containsExactly(
                new Instruction(TransferProcess.Step.DEBIT, "account", "acc-a", new DebitForTransfer("t-1", 250L, null), new Caller("alice", Set.of())));
    }

    @Test
    void shouldDebitWithTheAdministratorsReachOnlyWhenAnAdministratorOrThePlatformAskedAndInTheCurrencyAskedFor() {
        assertThat(process.react("t-1", REQUESTED, new TransferRequested("acc-a", "acc-b", 250L, "eventline", "EUR", true))).containsExactly(
                new Instruction(TransferProcess.Step.DEBIT, "account", "acc-a", new DebitForTransfer("t-1", 250L, "EUR"),
                        new Caller("eventline", Set.of(Caller.ADMIN))));
    }

    @Test
    void shouldAnswerTheProcessThatAskedOnlyOnceTheTransferHasFinished() {
        assertThat(process.finished(REQUESTED)).isEmpty();
        assertThat(process.finished(DEBITED)).isEmpty();
        assertThat(process.finished(DEBITED.with(TransferState.Status.COMPLETED)).orElseThrow().accepted()).isTrue();
        var failed = process.finished(new TransferState(TransferState.Status.COMPENSATED, "acc-a", "acc-b", 250L, "EUR", "alice",
                "DESTINATION_REFUSED", "the destination account cannot receive this transfer")).orElseThrow();
        assertThat(failed.accepted()).isFalse();
        assertThat(failed.rejection().code().name()).isEqualTo("DESTINATION_REFUSED");
    }

    @Test
    void shouldCreditTheDestinationAsThePlatformInTheSourcesCurrency() {
        assertThat(process.react("t-1", DEBITED, new TransferDebited("EUR"))).containsExactly(
                new Instruction(TransferProcess.Step.CREDIT, "account", "acc-b", new CreditForTransfer("t-1", 250L, "EUR"), Caller.PLATFORM));
    }

    @Test
    void shouldRefundTheSourceOnlyWhenMoneyWasDebited() {
        TransferState compensating = new TransferState(TransferState.Status.COMPENSATING, "acc-a", "acc-b", 250L, "EUR", "alice", "X", "x");
        TransferState failed = new TransferState(TransferState.Status.FAILED, "acc-a", "acc-b", 250L, null, "alice", "X", "x");

        assertThat(process.react("t-1", compensating, new TransferFailed("X", "x"))).containsExactly(
                new Instruction(TransferProcess.Step.REFUND, "account", "acc-a", new RefundForTransfer("t-1", 250L), Caller.PLATFORM));
        assertThat(process.react("t-1", failed, new TransferFailed("X", "x"))).isEmpty();
        assertThat(process.react("t-1", DEBITED, new TransferCompleted())).isEmpty();
    }

    @Test
    void shouldTurnAccountAnswersIntoTransferCommands() {
        AccountState source = new AccountState(Status.ACTIVE, "alice", "EUR", 0L);
        Rejection frozen = new Rejection(LedgerRejection.ACCOUNT_FROZEN, "account is frozen");

        assertThat(process.onOutcome("t-1", TransferProcess.Step.DEBIT, Outcome.accepted(source))).isEqualTo(new RecordDebit(true, "EUR", null, null));
        assertThat(process.onOutcome("t-1", TransferProcess.Step.DEBIT, Outcome.rejected(new Rejection(CommonRejection.FORBIDDEN, "no"))))
                .isEqualTo(new RecordDebit(false, null, "FORBIDDEN", "no"));
        assertThat(process.onOutcome("t-1", TransferProcess.Step.CREDIT, Outcome.rejected(frozen)))
                .as("a refused credit says nothing of the destination")
                .isEqualTo(new RecordCredit(false, "DESTINATION_REFUSED", TransferProcess.DESTINATION_REFUSED_MESSAGE));
        assertThat(process.onOutcome("t-1", TransferProcess.Step.CREDIT, Outcome.rejected(new Rejection(CommonRejection.NOT_FOUND, "account acc-b does not exist"))))
                .isEqualTo(process.onOutcome("t-1", TransferProcess.Step.CREDIT, Outcome.rejected(frozen)));
        assertThat(process.onOutcome("t-1", TransferProcess.Step.REFUND, Outcome.accepted(source))).isEqualTo(new RecordRefund(true, null));
    }
}
