package dev.eventline.ledger;

import static dev.eventline.domain.DeciderSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventline.domain.Caller;
import dev.eventline.domain.CommonRejection;
import dev.eventline.domain.DeciderSpec;
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
import org.junit.jupiter.api.Test;

class TransferDeciderTest {

    private final TransferDecider transfers = new TransferDecider();
    private static final TransferRequested REQUESTED = new TransferRequested("acc-a", "acc-b", 250L, "alice", null, false);
    private static final TransferDebited DEBITED = new TransferDebited("EUR");

    @Test
    void shouldRecordARequestWithTheRequester() {
        var then = given(transfers).when(new RequestTransfer("acc-a", "acc-b", 250L, null)).thenEvents(REQUESTED);
        assertThat(then.state().status()).isEqualTo(Status.REQUESTED);
        assertThat(then.state().inFlight()).isZero();
    }

    @Test
    void shouldRejectInvalidRequests() {
        given(transfers).when(new RequestTransfer("acc-a", "acc-a", 1L, null)).thenRejected(LedgerRejection.SAME_ACCOUNT);
        given(transfers).when(new RequestTransfer("acc-a", "acc-b", 0L, null)).thenRejected(LedgerRejection.INVALID_AMOUNT);
        given(transfers).when(new RequestTransfer("acc-a", "acc-b", Money.MAX_AMOUNT + 1, null)).thenRejected(CommonRejection.LIMIT_EXCEEDED);
        given(transfers, REQUESTED).when(new RequestTransfer("acc-a", "acc-b", 1L, null)).thenRejected(CommonRejection.ALREADY_EXISTS);
        given(transfers).when(new RecordDebit(true, "EUR", null, null), Caller.PLATFORM).thenRejected(CommonRejection.NOT_FOUND);
    }

    @Test
    void shouldLetOnlyThePlatformRecordProgress() {
        given(transfers, REQUESTED).when(new RecordDebit(true, "EUR", null, null), DeciderSpec.OWNER).thenRejected(CommonRejection.FORBIDDEN);
    }

    @Test
    void shouldCompleteAfterDebitAndCredit() {
        var debited = given(transfers, REQUESTED).when(new RecordDebit(true, "EUR", null, null), Caller.PLATFORM).thenEvents(DEBITED);
        assertThat(debited.state().inFlight()).isEqualTo(250L);

        var completed = given(transfers, REQUESTED, DEBITED).when(new RecordCredit(true, null, null), Caller.PLATFORM)
                .thenEvents(new TransferCredited(), new TransferCompleted());
        assertThat(completed.state().status()).isEqualTo(Status.COMPLETED);
        assertThat(completed.state().inFlight()).isZero();
    }

    @Test
    void shouldFailWithoutCompensationWhenTheDebitIsRefused() {
        var then = given(transfers, REQUESTED).when(new RecordDebit(false, null, "INSUFFICIENT_FUNDS", "balance 3 is less than 250"), Caller.PLATFORM)
                .thenEvents(new TransferFailed("INSUFFICIENT_FUNDS", "balance 3 is less than 250"));
        assertThat(then.state().status()).isEqualTo(Status.FAILED);
        assertThat(then.state().failureCode()).isEqualTo("INSUFFICIENT_FUNDS");
    }

    @Test
    void shouldCompensateWhenTheCreditIsRefused() {
        TransferFailed failed = new TransferFailed("CURRENCY_MISMATCH", "account holds USD, not EUR");
        var compensating = given(transfers, REQUESTED, DEBITED).when(new RecordCredit(false, "CURRENCY_MISMATCH", "account holds USD, not EUR"), Caller.PLATFORM)
                .thenEvents(failed);
        assertThat(compensating.state().status()).isEqualTo(Status.COMPENSATING);
        assertThat(compensating.state().inFlight()).isEqualTo(250L);

        var compensated = given(transfers, REQUESTED, DEBITED, failed).when(new RecordRefund(true, null), Caller.PLATFORM)
                .thenEvents(new TransferCompensated());
        assertThat(compensated.state().status()).isEqualTo(Status.COMPENSATED);
        assertThat(compensated.state().inFlight()).isZero();
    }

    @Test
    void shouldDecideNothingForARedeliveredOutcome() {
        given(transfers, REQUESTED, DEBITED).when(new RecordDebit(true, "EUR", null, null), Caller.PLATFORM).thenNothing();
        given(transfers, REQUESTED, DEBITED, new TransferCredited(), new TransferCompleted())
                .when(new RecordCredit(true, null, null), Caller.PLATFORM).thenNothing();
        given(transfers, REQUESTED).when(new RecordRefund(true, null), Caller.PLATFORM).thenNothing();
    }

    @Test
    void shouldSurfaceARefusedRefund() {
        TransferFailed failed = new TransferFailed("ACCOUNT_FROZEN", "account is frozen");
        given(transfers, REQUESTED, DEBITED, failed).when(new RecordRefund(false, "NOT_FOUND"), Caller.PLATFORM)
                .thenRejected(CommonRejection.INVALID_STATE);
    }

    @Test
    void shouldBeOwnedByTheClientThatRequestedIt() {
        assertThat(transfers.owner(transfers.initialState())).isEmpty();
        assertThat(transfers.owner(transfers.evolve(transfers.initialState(), REQUESTED))).contains("alice");
    }
}
