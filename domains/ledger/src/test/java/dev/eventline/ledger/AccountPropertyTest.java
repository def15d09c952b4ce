package dev.eventline.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.eventline.domain.Caller;
import dev.eventline.domain.Command;
import dev.eventline.domain.Decision;
import dev.eventline.domain.Fold;
import dev.eventline.ledger.account.Close;
import dev.eventline.ledger.account.CreditForTransfer;
import dev.eventline.ledger.account.DebitForTransfer;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.ledger.account.Freeze;
import dev.eventline.ledger.account.OpenAccount;
import dev.eventline.ledger.account.RefundForTransfer;
import dev.eventline.ledger.account.Unfreeze;
import dev.eventline.ledger.account.Withdraw;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.avro.specific.SpecificRecord;

/** Random command sequences against one account. */
class AccountPropertyTest {

    private final AccountDecider accounts = new AccountDecider();
    private static final List<Caller> CALLERS = List.of(
            new Caller("alice", Set.of()), new Caller("mallory", Set.of()), Caller.PLATFORM);

    record Step(SpecificRecord command, Caller caller) {
    }

    @Property(tries = 500)
    void balanceIsNeverNegativeAndTheFoldOfDecidedEventsIsTheStateDecidedOn(@ForAll("sequences") @Size(max = 60) List<Step> steps) {
        AccountState state = accounts.initialState();
        List<SpecificRecord> history = new ArrayList<>();
        for (Step step : steps) {
            Decision<SpecificRecord> decision = accounts.decide(new Command<>("acc-1", step.command(), step.caller(), Instant.EPOCH), state);
            for (SpecificRecord event : decision.events()) {
                state = accounts.evolve(state, event);
                history.add(event);
            }
            assertThat(state.balance()).isNotNegative();
            assertThat(Fold.fold(accounts, history)).isEqualTo(state);
        }
    }

    @Property(tries = 500)
    void repeatingAStateSettingCommandDecidesNothingNew(@ForAll("sequences") @Size(max = 30) List<Step> steps,
                                                         @ForAll("stateSetting") SpecificRecord command) {
        AccountState state = accounts.initialState();
        for (Step step : steps) {
            for (SpecificRecord event : accounts.decide(new Command<>("acc-1", step.command(), step.caller(), Instant.EPOCH), state).events()) {
                state = accounts.evolve(state, event);
            }
        }
        Caller owner = new Caller("alice", Set.of());
        Decision<SpecificRecord> first = accounts.decide(new Command<>("acc-1", command, owner, Instant.EPOCH), state);
        AccountState after = Fold.fold(new FoldFrom(state), first.events());

        assertThat(accounts.decide(new Command<>("acc-1", command, owner, Instant.EPOCH), after).events()).isEmpty();
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<Long> amounts = Arbitraries.oneOf(Arbitraries.longs().between(-5, 2_000), Arbitraries.of(0L, Money.MAX_AMOUNT, Money.MAX_AMOUNT + 1));
        Arbitrary<SpecificRecord> commands = Arbitraries.oneOf(
                Arbitraries.of(new OpenAccount("EUR"), new Freeze(null), new Unfreeze(), new Close()),
                amounts.map(Deposit::new), amounts.map(Withdraw::new),
                amounts.map(a -> new DebitForTransfer("t", a, null)),
                amounts.map(a -> new CreditForTransfer("t", a, "EUR")),
                Arbitraries.longs().between(1, 500).map(a -> new RefundForTransfer("t", a)));
        return Combinators.combine(commands, Arbitraries.of(CALLERS)).as(Step::new).list();
    }

    @Provide
    Arbitrary<SpecificRecord> stateSetting() {
        return Arbitraries.of(new Freeze(null), new Unfreeze(), new Close(), new OpenAccount("EUR"));
    }

    /** Folds from a given state rather than the initial one. */
    private final class FoldFrom implements dev.eventline.domain.Decider<SpecificRecord, SpecificRecord, AccountState> {
        private final AccountState start;

        FoldFrom(AccountState start) {
            this.start = start;
        }

        @Override
        public AccountState initialState() {
            return start;
        }

        @Override
        public Decision<SpecificRecord> decide(Command<SpecificRecord> command, AccountState state) {
            return accounts.decide(command, state);
        }

        @Override
        public AccountState evolve(AccountState state, SpecificRecord event) {
            return accounts.evolve(state, event);
        }
    }
}
