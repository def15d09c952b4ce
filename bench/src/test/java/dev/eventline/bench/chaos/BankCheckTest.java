package dev.eventline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.eventline.bench.chaos.LoggedEvents.Folded;
import dev.eventline.bench.chaos.LoggedEvents.Logged;
import org.junit.jupiter.api.Test;

/** The checker finds each way a platform under faults could go wrong, and nothing when all holds. */
class BankCheckTest {

    private final Sent opened = new Sent("c", "k1", "account", "a", "OpenAccount", 0, 201, List.of("e1"), 1);
    private final Sent deposited = new Sent("c", "k2", "account", "a", "Deposit", 100, 200, List.of("e2"), 3);
    private final Sent refused = new Sent("c", "k3", "account", "a", "Withdraw", 500, 422, List.of(), 1);
    private final List<Logged> log = new ArrayList<>(List.of(
            new Logged("e1", opened.commandId(), "account", "a", 1), new Logged("e2", deposited.commandId(), "account", "a", 2)));
    private final Map<String, Folded> folded = Map.of("a", new Folded(2, 100));

    @Test
    void whenTheAnswersTheLogAndTheReadModelAgreeNothingIsWrong() {
        assertThat(BankCheck.violations(List.of(opened, deposited, refused), LoggedEvents.of(log, folded), folded)).isEmpty();
    }

    @Test
    void anAcknowledgedEventMissingFromTheLogIsLost() {
        log.remove(1);
        assertThat(BankCheck.violations(List.of(opened, deposited), LoggedEvents.of(log, folded), folded))
                .contains("acknowledged Deposit a lost its event e2");
    }

    @Test
    void anEventTwiceInTheLogWasAppliedTwice() {
        log.add(log.get(1));
        assertThat(BankCheck.violations(List.of(opened, deposited), LoggedEvents.of(log, folded), folded))
                .contains("event e2 is in the log 2 times");
    }

    @Test
    void aRefusedCommandWithEventsWasNotRefused() {
        log.add(new Logged("e3", refused.commandId(), "account", "a", 3));
        assertThat(BankCheck.violations(List.of(opened, deposited, refused), LoggedEvents.of(log, folded), folded))
                .contains("refused Withdraw a (422) has events [e3]");
    }

    @Test
    void aReadModelRowThatIsNotTheFoldIsWrong() {
        assertThat(BankCheck.violations(List.of(opened, deposited), LoggedEvents.of(log, folded), Map.of("a", new Folded(2, 90))))
                .contains("account a: the log folds to Folded[version=2, balance=100], the read model holds Folded[version=2, balance=90]");
    }

    @Test
    void moneyThatAppearedOrVanishedIsNotConserved() {
        Map<String, Folded> more = Map.of("a", new Folded(2, 100), "b", new Folded(1, 5));
        assertThat(BankCheck.violations(List.of(opened, deposited), LoggedEvents.of(log, more), more))
                .contains("money not conserved: the accounts hold 105, acknowledged deposits less withdrawals are 100");
    }
}
