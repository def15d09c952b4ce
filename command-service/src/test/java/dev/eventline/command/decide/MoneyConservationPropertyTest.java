package dev.eventline.command.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.TransferState.Status;
import dev.eventline.ledger.TransferState;
import dev.eventline.ledger.account.Close;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.ledger.account.Freeze;
import dev.eventline.ledger.account.OpenAccount;
import dev.eventline.ledger.account.Unfreeze;
import dev.eventline.ledger.account.Withdraw;
import dev.eventline.ledger.transfer.RequestTransfer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.apache.avro.specific.SpecificRecord;

/**
 * Transfers between accounts in random interleavings, with accounts frozen, unfrozen, drained and
 * closed meanwhile, currencies that do not match, requests from non-owners, and command records
 * delivered out of order and twice, all decided by the decide stage's own core. Money is conserved
 * at every step, and once everything is delivered every transfer has finished with exactly the
 * movements its outcome says.
 */
class MoneyConservationPropertyTest {

    record Transfer(int from, int to, long amount, boolean byOwner) {
    }

    record Disruption(int account, int kind, long amount) {
    }

    @Property(tries = 400)
    @StatisticsReport(format = Histogram.class)
    void moneyIsConservedAndEveryTransferFinishes(
            @ForAll @IntRange(min = 2, max = 5) int accountCount,
            @ForAll("currencies") @Size(5) List<String> currencies,
            @ForAll("deposits") @Size(5) List<Long> initialDeposits,
            @ForAll("transfers") @Size(min = 1, max = 10) List<Transfer> transfers,
            @ForAll("disruptions") @Size(max = 10) List<Disruption> disruptions,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double duplicateRate,
            @ForAll long seed) {
        Random random = new Random(seed);
        DecideSimulation ledger = new DecideSimulation(random, duplicateRate);
        for (int i = 0; i < accountCount; i++) {
            ledger.submit(LedgerModule.ACCOUNT, "acc-" + i, new OpenAccount(currencies.get(i)), owner(i));
            ledger.submit(LedgerModule.ACCOUNT, "acc-" + i, new Deposit(initialDeposits.get(i)), owner(i));
        }
        drain(ledger);

        for (int t = 0; t < transfers.size(); t++) {
            Transfer transfer = transfers.get(t);
            int from = transfer.from() % accountCount;
            int to = transfer.to() % accountCount;
            String requester = transfer.byOwner() ? owner(from) : "mallory";
            ledger.submit(LedgerModule.TRANSFER, "t-" + t, new RequestTransfer("acc-" + from, "acc-" + to, transfer.amount(), null), requester);
        }
        for (Disruption d : disruptions) {
            int account = d.account() % accountCount;
            SpecificRecord command = switch (d.kind()) {
                case 0 -> new Freeze("audit");
                case 1 -> new Unfreeze();
                case 2 -> new Withdraw(d.amount());
                case 3 -> new Deposit(d.amount());
                default -> new Close();
            };
            ledger.submit(LedgerModule.ACCOUNT, "acc-" + account, command, owner(account));
        }

        while (!ledger.idle()) {
            ledger.deliverOne();
            // Every cent entered by a client's deposit or left by a client's withdrawal; transfers create and destroy nothing.
            assertThat(ledger.balances() + ledger.inFlight()).as("balances plus money in flight").isEqualTo(ledger.externalNet());
            assertThat(ledger.accounts.values()).allSatisfy(a -> assertThat(a.balance()).isNotNegative());
        }

        Statistics.label("duplicates delivered").collect(ledger.duplicatesDelivered() > 0);
        assertThat(ledger.inFlight()).isZero();
        assertThat(ledger.balances()).isEqualTo(ledger.externalNet());
        for (int t = 0; t < transfers.size(); t++) {
            String id = "t-" + t;
            TransferState state = ledger.transfers.get(id);
            if (state == null || !state.exists()) {
                assertThat(ledger.movements(id)).isEmpty(); // refused at request (same account ...)
                continue;
            }
            assertThat(state.status().finished()).as(id + " finished").isTrue();
            Statistics.label("transfer outcome").collect(state.status());
            Map<String, Long> moved = ledger.movements(id);
            switch (state.status()) {
                case COMPLETED -> {
                    assertThat(moved).isEqualTo(Map.of(state.from(), -state.amount(), state.to(), state.amount()));
                    assertThat(ledger.movementCount(id)).isEqualTo(2);
                }
                case COMPENSATED -> {
                    assertThat(moved).isEmpty();
                    assertThat(ledger.movementCount(id)).as("one debit, one refund").isEqualTo(2);
                }
                case FAILED -> assertThat(ledger.movementCount(id)).isZero();
                default -> throw new AssertionError(id + " ended " + state.status());
            }
        }
        Statistics.label("transfer outcome").coverage(coverage -> {
            coverage.check(Status.COMPLETED).count(c -> c > 0);
            coverage.check(Status.FAILED).count(c -> c > 0);
            coverage.check(Status.COMPENSATED).count(c -> c > 0);
        });
        Statistics.label("duplicates delivered").coverage(coverage -> coverage.check(true).count(c -> c > 0));
    }

    private static void drain(DecideSimulation ledger) {
        while (!ledger.idle()) {
            ledger.deliverOne();
        }
    }

    private static String owner(int account) {
        return "owner-" + account;
    }

    @Provide
    Arbitrary<List<String>> currencies() {
        return Arbitraries.of("EUR", "EUR", "EUR", "USD").list();
    }

    @Provide
    Arbitrary<List<Long>> deposits() {
        return Arbitraries.longs().between(1, 1_000).list();
    }

    @Provide
    Arbitrary<List<Transfer>> transfers() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 4),
                Arbitraries.longs().between(1, 800), Arbitraries.of(true, true, true, false)).as(Transfer::new).list();
    }

    @Provide
    Arbitrary<List<Disruption>> disruptions() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 4),
                Arbitraries.longs().between(1, 600)).as(Disruption::new).list();
    }
}
