package dev.eventline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.eventline.command.decide.DecideCoreSimulation;
import dev.eventline.ledger.AccountDecider;
import dev.eventline.ledger.AccountState;
import dev.eventline.ledger.TransferDecider;
import dev.eventline.ledger.TransferState;
import dev.eventline.ledger.account.Close;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Freeze;
import dev.eventline.ledger.account.OpenAccount;
import dev.eventline.ledger.account.Withdraw;
import dev.eventline.ledger.account.Withdrawn;
import dev.eventline.orders.OrderState.Refund;
import dev.eventline.orders.OrderState.Status;
import dev.eventline.orders.schema.Cancel;
import dev.eventline.orders.schema.OrderLine;
import dev.eventline.orders.schema.PlaceOrder;
import dev.eventline.orders.schema.Ship;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.apache.avro.specific.SpecificRecord;

/**
 * Orders paid through the ledger, decided by the decide stage's own core across both domains:
 * orders placed from accounts in the wrong currency, from someone else's account, from frozen,
 * drained or closed accounts, shipped and cancelled (so refunded) meanwhile, with every command
 * record delivered out of order and sometimes twice. No money is created at any step; once all is
 * delivered every order has settled, its payment and refund happened exactly once each, and the
 * money is where the orders say it is.
 */
class OrderSagaPropertyTest {

    private static final List<String> CURRENCIES = List.of("EUR", "USD");

    record Order(int customer, int payFrom, List<OrderLine> lines, String currency) {
    }

    /** A command about an order or its account, sent while the orders are paid, or once they are ({@code late}). */
    record Afterwards(int order, int kind, boolean late) {
    }

    /** Folds of every event, as a reader of the log keeps them. */
    static final class Books implements DecideCoreSimulation.Events {
        final AccountDecider accountDecider = new AccountDecider();
        final TransferDecider transferDecider = new TransferDecider();
        final OrderDecider orderDecider = new OrderDecider();
        final Map<String, AccountState> accounts = new LinkedHashMap<>();
        final Map<String, TransferState> transfers = new LinkedHashMap<>();
        final Map<String, OrderState> orders = new LinkedHashMap<>();
        final Map<String, Integer> movements = new LinkedHashMap<>();
        long externalNet;

        @Override
        public void appended(String type, String id, SpecificRecord event) {
            switch (type) {
                case "account" -> {
                    accounts.put(id, accountDecider.evolve(accounts.getOrDefault(id, AccountState.NONE), event));
                    String transfer = event instanceof Deposited d ? d.getTransferId() : event instanceof Withdrawn w ? w.getTransferId() : null;
                    long amount = event instanceof Deposited d ? d.getAmount() : event instanceof Withdrawn w ? -w.getAmount() : 0;
                    if (transfer == null) {
                        externalNet += amount;
                    } else {
                        movements.merge(transfer, 1, Integer::sum);
                    }
                }
                case "transfer" -> transfers.put(id, transferDecider.evolve(transfers.getOrDefault(id, TransferState.NONE), event));
                case "order" -> orders.put(id, orderDecider.evolve(orders.getOrDefault(id, OrderState.NONE), event));
                default -> throw new AssertionError("unexpected type " + type);
            }
        }

        long balances() {
            return accounts.values().stream().mapToLong(AccountState::balance).sum();
        }

        long inFlight() {
            return transfers.values().stream().mapToLong(TransferState::inFlight).sum();
        }
    }

    @Property(tries = 200)
    void everyOrderSettlesExactlyOnceAndNoMoneyIsCreated(
            @ForAll("customers") @Size(min = 2, max = 4) List<String> accountCurrencies,
            @ForAll("orders") @Size(min = 1, max = 8) List<Order> orders,
            @ForAll("afterwards") @Size(max = 12) List<Afterwards> afterwards,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double duplicateRate,
            @ForAll long seed) {
        Books books = new Books();
        DecideCoreSimulation log = new DecideCoreSimulation(new Random(seed), duplicateRate, books);
        for (String currency : CURRENCIES) {
            log.submit("account", "settlement-" + currency.toLowerCase(), new OpenAccount(currency), "ops", "admin");
        }
        for (int i = 0; i < accountCurrencies.size(); i++) {
            log.submit("account", "acc-" + i, new OpenAccount(accountCurrencies.get(i)), customer(i));
            log.submit("account", "acc-" + i, new Deposit(5_000L), customer(i));
        }
        log.drain();

        for (int o = 0; o < orders.size(); o++) {
            Order order = orders.get(o);
            int customer = order.customer() % accountCurrencies.size();
            int payFrom = order.payFrom() % accountCurrencies.size();
            log.submit("order", "o-" + o, new PlaceOrder(order.lines(), order.currency(), "acc-" + payFrom), customer(customer));
        }
        for (Afterwards next : afterwards.stream().filter(a -> !a.late()).toList()) {
            submit(log, next, orders, accountCurrencies.size());
        }
        drainChecking(log, books);
        for (Afterwards next : afterwards.stream().filter(Afterwards::late).toList()) {
            submit(log, next, orders, accountCurrencies.size());
        }
        drainChecking(log, books);

        assertThat(books.inFlight()).isZero();
        assertThat(books.balances()).as("money conserved across both domains").isEqualTo(books.externalNet);
        long settled = 0;
        for (int o = 0; o < orders.size(); o++) {
            OrderState order = books.orders.get("o-" + o);
            if (order == null) {
                continue; // refused when placed (nothing to pay)
            }
            Statistics.label("order").collect(order.status());
            assertThat(order.status()).as("o-" + o + " settled").isNotEqualTo(Status.PLACED);
            assertThat(order.refund()).as("o-" + o + " refund").isNotEqualTo(Refund.PENDING);
            TransferState payment = books.transfers.get(OrderPayment.paymentId("o-" + o));
            TransferState refund = books.transfers.get(OrderPayment.refundId("o-" + o));
            switch (order.status()) {
                case PAID, SHIPPED -> {
                    assertThat(payment.status()).isEqualTo(TransferState.Status.COMPLETED);
                    assertThat(payment.amount()).isEqualTo(order.total());
                    assertThat(books.movements.get(OrderPayment.paymentId("o-" + o))).as("debit and credit, once each").isEqualTo(2);
                    assertThat(refund).isNull();
                    settled += order.total();
                }
                case REJECTED -> assertThat(payment.status()).isIn(TransferState.Status.FAILED, TransferState.Status.COMPENSATED);
                case CANCELLED -> {
                    assertThat(payment.status()).isEqualTo(TransferState.Status.COMPLETED);
                    Statistics.label("refund").collect(order.refund());
                    if (order.refund() == Refund.DONE) {
                        assertThat(refund.status()).isEqualTo(TransferState.Status.COMPLETED);
                        assertThat(books.movements.get(OrderPayment.refundId("o-" + o))).isEqualTo(2);
                    } else {
                        assertThat(refund.status()).isIn(TransferState.Status.FAILED, TransferState.Status.COMPENSATED);
                        settled += order.total();
                    }
                }
                default -> throw new AssertionError("o-" + o + " ended " + order.status());
            }
        }
        long inSettlement = CURRENCIES.stream().mapToLong(c -> books.accounts.get("settlement-" + c.toLowerCase()).balance()).sum();
        assertThat(inSettlement).as("the settlement accounts hold exactly what paid orders owe").isEqualTo(settled);
        Statistics.label("duplicates delivered").collect(log.duplicatesDelivered() > 0);
        Statistics.label("order").coverage(coverage -> {
            coverage.check(Status.PAID).count(c -> c > 0);
            coverage.check(Status.REJECTED).count(c -> c > 0);
            coverage.check(Status.CANCELLED).count(c -> c > 0);
        });
        Statistics.label("refund").coverage(coverage -> coverage.check(Refund.DONE).count(c -> c > 0));
    }

    private static void submit(DecideCoreSimulation log, Afterwards next, List<Order> orders, int accounts) {
        int o = next.order() % orders.size();
        String owner = customer(orders.get(o).customer() % accounts);
        int account = orders.get(o).payFrom() % accounts;
        switch (next.kind()) {
            case 0 -> log.submit("order", "o-" + o, new Cancel("changed my mind"), owner);
            case 1 -> log.submit("order", "o-" + o, new Ship(), owner);
            case 2 -> log.submit("account", "acc-" + account, new Freeze("audit"), customer(account));
            case 3 -> log.submit("account", "acc-" + account, new Withdraw(4_000L), customer(account));
            default -> log.submit("account", "acc-" + account, new Close(), customer(account));
        }
    }

    private static void drainChecking(DecideCoreSimulation log, Books books) {
        while (!log.idle()) {
            log.deliverOne();
            // Money in flight has left one account and not reached another yet: balances never exceed what clients put in.
            assertThat(books.balances()).as("balances").isLessThanOrEqualTo(books.externalNet);
            assertThat(books.accounts.values()).allSatisfy(a -> assertThat(a.balance()).isNotNegative());
        }
    }

    private static String customer(int i) {
        return "customer-" + i;
    }

    @Provide
    Arbitrary<List<String>> customers() {
        return Arbitraries.of("EUR", "EUR", "USD").list();
    }

    @Provide
    Arbitrary<List<Order>> orders() {
        Arbitrary<OrderLine> line = Combinators.combine(Arbitraries.of("book", "pen", "lamp"), Arbitraries.integers().between(1, 3),
                Arbitraries.longs().between(1, 1_500)).as(OrderLine::new);
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3),
                line.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of("EUR", "EUR", "USD")).as(Order::new).list();
    }

    @Provide
    Arbitrary<List<Afterwards>> afterwards() {
        return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 4), Arbitraries.of(true, false))
                .as(Afterwards::new).list();
    }
}
