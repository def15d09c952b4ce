package dev.eventline.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventline.testkit.Http.Answer;
import dev.eventline.testkit.Http;
import dev.eventline.testkit.WriteSide;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The orders domain on the running services, loaded from domains/loaded.txt like any domain:
 * orders placed, paid through the ledger, rejected when the payment fails, cancelled and refunded,
 * all read through the generic routes, which the platform gives every registered type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrdersOverHttpTest {

    private static final String BOOKS = "{\"lines\":[{\"sku\":\"book\",\"quantity\":2,\"unitPrice\":1250},{\"sku\":\"pen\",\"quantity\":1,"
            + "\"unitPrice\":300}],\"currency\":\"EUR\",\"payFrom\":\"%s\"}";

    private WriteSide stack;
    private Http commands;
    private Http queries;
    private String ops;
    private String alice;
    private String bob;
    private String wallboard;
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    void start() {
        stack = WriteSide.startWithQueries("orders", Map.of()).awaitHealthy();
        commands = new Http(stack.commandService());
        queries = new Http(stack.queryService());
        ops = stack.token("ops", "commands:write", "admin");
        alice = stack.token("alice", "commands:write", "queries:read");
        bob = stack.token("bob", "commands:write", "queries:read");
        wallboard = stack.token("wallboard", "dashboard");
        assertThat(commands.command(ops, "account", "settlement-eur", "OpenAccount", "{\"currency\":\"EUR\"}").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    private String account(String token, long deposit) {
        String id = "acc-" + ids.incrementAndGet();
        assertThat(commands.command(token, "account", id, "OpenAccount", "{\"currency\":\"EUR\"}").status()).isEqualTo(201);
        if (deposit > 0) {
            assertThat(commands.command(token, "account", id, "Deposit", "{\"amount\":" + deposit + "}").status()).isEqualTo(200);
        }
        return id;
    }

    private Answer place(String token, String order, String payFrom) {
        Answer placed = commands.command(token, "order", order, "PlaceOrder", BOOKS.formatted(payFrom));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed;
    }

    private JsonNode settled(String token, String order) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> queries.get("/v1/aggregates/order/" + order, token),
                read -> read.status() == 200 && !read.json().at("/state/status").asText().equals("PLACED")).json();
    }

    private long balance(String account) {
        return queries.get("/v1/aggregates/account/" + account, wallboard).json().at("/state/balance").asLong();
    }

    @Test
    void aPlacedOrderIsPaidFromTheCustomersAccountIntoSettlement() {
        String wallet = account(alice, 10_000);
        long settlementBefore = balance("settlement-eur");

        Answer placed = place(alice, "o-paid", wallet);
        assertThat(placed.header("Eventline-Position")).isEqualTo("order/o-paid@1");
        Answer read = queries.get("/v1/aggregates/order/o-paid", alice, "Eventline-Position", placed.header("Eventline-Position"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("owner").asText()).isEqualTo("alice");
        assertThat(read.json().at("/state/total").asLong()).isEqualTo(2_800);

        JsonNode order = settled(alice, "o-paid");
        assertThat(order.at("/state/status").asText()).isEqualTo("PAID");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(balance(wallet)).isEqualTo(7_200);
            assertThat(balance("settlement-eur")).isEqualTo(settlementBefore + 2_800);
        });
        Answer payment = queries.get("/v1/aggregates/transfer/order:o-paid", alice);
        assertThat(payment.json().at("/state/status").asText()).as("the customer sees its payment").isEqualTo("COMPLETED");
    }

    @Test
    void aFailedPaymentRejectsTheOrderAndMovesNoMoney() {
        String empty = account(alice, 0);
        String alices = account(alice, 5_000);

        place(alice, "o-broke", empty);
        place(bob, "o-not-his", alices);

        JsonNode broke = settled(alice, "o-broke");
        assertThat(broke.at("/state/status").asText()).isEqualTo("REJECTED");
        assertThat(broke.at("/state/failureCode").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        JsonNode notHis = settled(bob, "o-not-his");
        assertThat(notHis.at("/state/status").asText()).isEqualTo("REJECTED");
        assertThat(notHis.at("/state/failureCode").asText()).as("another's account fails like a missing one").isEqualTo("NOT_FOUND");
        assertThat(balance(alices)).isEqualTo(5_000);
    }

    @Test
    void cancellingAPaidOrderRefundsItAndMoneyIsConservedAcrossBothDomains() {
        String wallet = account(alice, 3_000);
        long before = balance(wallet) + balance("settlement-eur");
        place(alice, "o-cancel", wallet);
        assertThat(settled(alice, "o-cancel").at("/state/status").asText()).isEqualTo("PAID");

        Answer cancelled = commands.command(alice, "order", "o-cancel", "Cancel", "{\"reason\":\"changed my mind\"}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> queries.get("/v1/aggregates/order/o-cancel", alice).json()
                .at("/state/refund").asText(), "DONE"::equals);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(balance(wallet)).isEqualTo(3_000));
        assertThat(balance(wallet) + balance("settlement-eur")).isEqualTo(before);
        List<String> history = queries.get("/v1/aggregates/order/o-cancel/events", alice).json().get("items").findValuesAsText("type");
        assertThat(history).containsExactly("OrderPlaced", "OrderPaid", "OrderCancelled", "OrderRefunded");
    }

    @Test
    void theGenericRoutesAnswerConditionallyAndLongPoll() throws Exception {
        String wallet = account(alice, 10_000);
        place(alice, "o-poll", wallet);
        JsonNode paid = settled(alice, "o-poll");
        String etag = "\"" + paid.get("version").asLong() + "\"";

        Answer unchanged = queries.get("/v1/aggregates/order/o-poll", alice, "If-None-Match", etag);
        assertThat(unchanged.status()).isEqualTo(304);

        CompletableFuture<Answer> poll = CompletableFuture.supplyAsync(
                () -> queries.get("/v1/aggregates/order/o-poll?wait=20", alice, "If-None-Match", etag));
        Answer shipped = commands.command(alice, "order", "o-poll", "Ship", "{}");
        assertThat(shipped.status()).as(shipped.body()).isEqualTo(200);
        Answer changed = poll.get();
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().at("/state/status").asText()).isEqualTo("SHIPPED");

        Answer list = queries.get("/v1/aggregates/order?state.status=SHIPPED&fields=id,state", alice);
        assertThat(list.json().get("items").findValuesAsText("id")).contains("o-poll");
        assertThat(list.json().at("/items/0").has("owner")).isFalse();
    }

    @Test
    void anotherClientsOrderIsNotFoundLikeOneThatDoesNotExist() {
        String wallet = account(alice, 5_000);
        place(alice, "o-private", wallet);
        settled(alice, "o-private");

        Answer foreign = queries.get("/v1/aggregates/order/o-private", bob);
        Answer missing = queries.get("/v1/aggregates/order/o-nowhere", bob);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("code")).isEqualTo(missing.json().get("code"));
        assertThat(queries.get("/v1/aggregates/order/o-private/events", bob).status()).isEqualTo(404);
        assertThat(queries.get("/v1/aggregates/order", bob).json().get("items").findValuesAsText("id")).doesNotContain("o-private");
        Answer cancel = commands.command(bob, "order", "o-private", "Cancel", "{}");
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(queries.get("/v1/aggregates/order/o-private", wallboard).status()).as("dashboards see every order").isEqualTo(200);
    }
}
