package dev.eventline.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventline.http.security.VerifiedTokens;
import dev.eventline.testkit.Http.Answer;
import dev.eventline.testkit.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The read path end to end: commands through the command service, read models built by the
 * projection service, read back through the query service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiTest {

    private LedgerStack stack;
    private String alice;
    private String bob;
    private String auditor;
    private String dashboard;
    private final AtomicInteger accounts = new AtomicInteger();

    @BeforeAll
    void start() {
        stack = LedgerStack.start();
        alice = stack.token("alice", "commands:write", "queries:read");
        bob = stack.token("bob", "commands:write", "queries:read");
        auditor = stack.token("audit-1", "auditor");
        dashboard = stack.token("wallboard", "dashboard");
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    private String openAccount(String token) {
        String id = "acc-" + accounts.incrementAndGet();
        Answer opened = stack.commands.command(token, "account", id, "OpenAccount", "{\"currency\":\"EUR\"}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return id;
    }

    private Answer deposit(String token, String account, long amount) {
        Answer answer = stack.commands.command(token, "account", account, "Deposit", "{\"amount\":" + amount + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    @Nested
    class ReadYourWrites {

        @Test
        void aQueryWithTheCommandsPositionSeesTheNewBalance() {
            String account = openAccount(alice);
            Answer deposited = deposit(alice, account, 250);
            String position = deposited.header("Eventline-Position");
            assertThat(position).isEqualTo("account/" + account + "@2");

            Answer read = stack.queries.get("/v1/accounts/" + account, alice, "Eventline-Position", position);

            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("balance").asLong()).isEqualTo(250);
            assertThat(read.json().get("version").asLong()).isEqualTo(2);
            assertThat(read.json().get("owner").asText()).isEqualTo("alice");
        }

        @Test
        void aPositionTheReadModelNeverReachesIsA503WithRetryAfterNotStaleData() {
            String account = openAccount(alice);
            Answer read = stack.queries.get("/v1/accounts/" + account + "?position=account/" + account + "@99", alice);

            assertThat(read.status()).isEqualTo(503);
            assertThat(read.header("Retry-After")).isEqualTo("1");
            assertThat(read.header("Content-Type")).startsWith("application/problem+json");
            assertThat(read.json().get("code").asText()).isEqualTo("POSITION_NOT_REACHED");
        }

        @Test
        void aMalformedPositionIsA400() {
            Answer read = stack.queries.get("/v1/accounts/x", alice, "Eventline-Position", "not a token");
            assertThat(read.status()).isEqualTo(400);
            assertThat(read.json().get("code").asText()).isEqualTo("INVALID_POSITION");
            assertThat(read.json().get("correlationId").asText()).isEqualTo(read.header("X-Correlation-Id"));
        }
    }

    @Nested
    class ConditionalRequests {

        @Test
        void unchangedIs304AndADepositMakesIt200Again() {
            String account = openAccount(alice);
            Answer first = stack.queries.get("/v1/accounts/" + account, alice, "Eventline-Position", "account/" + account + "@1");
            String etag = first.header("ETag");
            assertThat(etag).isEqualTo("\"1\"");
            assertThat(first.header("Last-Modified")).isNotBlank();
            assertThat(first.header("Cache-Control")).isEqualTo("private, no-cache");

            Answer unchanged = stack.queries.get("/v1/accounts/" + account, alice, "If-None-Match", etag);
            assertThat(unchanged.status()).isEqualTo(304);
            assertThat(unchanged.body()).isEmpty();

            Answer deposited = deposit(alice, account, 10);
            Answer changed = stack.queries.get("/v1/accounts/" + account, alice, "If-None-Match", etag,
                    "Eventline-Position", deposited.header("Eventline-Position"));
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.header("ETag")).isEqualTo("\"2\"");
            assertThat(changed.json().get("balance").asLong()).isEqualTo(10);
        }

        @Test
        void largeListsAreGzipped() throws Exception {
            for (int i = 0; i < 12; i++) {
                openAccount(bob);
            }
            java.net.http.HttpResponse<byte[]> response = stack.queries.client().send(java.net.http.HttpRequest
                    .newBuilder(stack.queries.base.resolve("/v1/accounts?limit=100")).header("Authorization", "Bearer " + bob)
                    .header("Accept-Encoding", "gzip").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
            String body = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body())).readAllBytes());
            assertThat(Http.parse(body).get("items").size()).isGreaterThanOrEqualTo(12);
        }
    }

    @Nested
    class LongPoll {

        @Test
        void returnsWithinASecondOfAChange() throws Exception {
            String account = openAccount(alice);
            Answer first = stack.queries.get("/v1/accounts/" + account, alice, "Eventline-Position", "account/" + account + "@1");
            CompletableFuture<Answer> poll = CompletableFuture.supplyAsync(() -> stack.queries.get("/v1/accounts/" + account + "?wait=20", alice,
                    "If-None-Match", first.header("ETag")));
            Thread.sleep(1500);
            assertThat(poll).as("waits while nothing changes").isNotDone();

            deposit(alice, account, 5);
            long answered = System.nanoTime();
            Answer changed = poll.get();
            long millis = (System.nanoTime() - answered) / 1_000_000;

            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.json().get("balance").asLong()).isEqualTo(5);
            assertThat(millis).as("ms from the command's answer to the long-poll's").isLessThan(1000);
        }

        @Test
        void endsWith304WhenNothingChanges() {
            String account = openAccount(alice);
            Answer first = stack.queries.get("/v1/accounts/" + account, alice, "Eventline-Position", "account/" + account + "@1");
            Answer poll = stack.queries.get("/v1/accounts/" + account, alice, "If-None-Match", first.header("ETag"), "Prefer", "wait=1");
            assertThat(poll.status()).isEqualTo(304);
            assertThat(poll.header("ETag")).isEqualTo(first.header("ETag"));
        }
    }

    @Nested
    class ServerSentEvents {

        @Test
        void anAccountsStreamDeliversEachChangeOnceAndResumesWithoutLoss() throws Exception {
            String account = openAccount(alice);
            stack.queries.get("/v1/accounts/" + account, alice, "Eventline-Position", "account/" + account + "@1");
            List<SseStream.Message> before;
            try (SseStream stream = new SseStream(stack.queries, "/v1/live/accounts/" + account, alice, null)) {
                assertThat(stream.status).isEqualTo(200);
                for (int i = 1; i <= 3; i++) {
                    deposit(alice, account, i);
                }
                before = stream.next(3, Duration.ofSeconds(10));
                assertThat(stream.next(1, Duration.ofMillis(500))).as("nothing twice").isEmpty();
            }
            assertThat(before).extracting(SseStream.Message::id).containsExactly("2", "3", "4");
            assertThat(before).extracting(m -> Http.parse(m.data()).get("type").asText()).containsOnly("Deposited");

            deposit(alice, account, 10); // while disconnected
            deposit(alice, account, 20);
            try (SseStream resumed = new SseStream(stack.queries, "/v1/live/accounts/" + account, alice, before.get(2).id())) {
                List<SseStream.Message> after = resumed.next(2, Duration.ofSeconds(10));
                assertThat(after).extracting(SseStream.Message::id).containsExactly("5", "6");
                assertThat(after).extracting(m -> Http.parse(m.data()).get("data").get("amount").asLong()).containsExactly(10L, 20L);
                assertThat(resumed.next(1, Duration.ofMillis(500))).isEmpty();
            }
        }

        @Test
        void theStreamOfAllMyAccountsShowsMineOnlyAndResumesFromItsLastId() throws Exception {
            String carol = stack.token("carol", "commands:write", "queries:read");
            String first = openAccount(carol);
            String second = openAccount(carol);
            String foreign = openAccount(bob);
            stack.queries.get("/v1/accounts/" + second, carol, "Eventline-Position", "account/" + second + "@1");
            List<String> seen = new ArrayList<>();
            String lastId;
            try (SseStream stream = new SseStream(stack.queries, "/v1/live/accounts", carol, null)) {
                deposit(carol, first, 1);
                deposit(bob, foreign, 1);
                deposit(carol, second, 2);
                // The stream starts where the archive and the ledger both are; an AccountOpened
                // the archive had not stored yet at that moment may come first.
                lastId = collect(stream, seen, List.of(first + "@2", second + "@2"));
            }
            deposit(carol, first, 3);
            deposit(carol, second, 4);
            String third = openAccount(carol);
            try (SseStream resumed = new SseStream(stack.queries, "/v1/live/accounts", carol, lastId)) {
                collect(resumed, seen, List.of(first + "@3", second + "@3", third + "@1"));
            }
            assertThat(seen).as("each event once, only carol's").doesNotHaveDuplicates()
                    .allMatch(e -> e.startsWith(first + "@") || e.startsWith(second + "@") || e.startsWith(third + "@"));
        }

        /**
         * Reads until every expected event came (at most 30 s: on a busy machine the projections can
         * take a while; 10 s was once too short), then a little longer to catch repeats; returns the last id.
         */
        private String collect(SseStream stream, List<String> seen, List<String> expected) throws InterruptedException {
            String lastId = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
                for (SseStream.Message m : stream.next(1, Duration.ofMillis(200))) {
                    seen.add(Http.parse(m.data()).get("aggregateId").asText() + "@" + Http.parse(m.data()).get("version").asLong());
                    lastId = m.id();
                }
            }
            assertThat(seen).containsAll(expected);
            for (SseStream.Message m : stream.next(5, Duration.ofMillis(500))) {
                seen.add(Http.parse(m.data()).get("aggregateId").asText() + "@" + Http.parse(m.data()).get("version").asLong());
            }
            return lastId;
        }

        @Test
        void streamsPerClientAreCapped() throws Exception {
            String dave = stack.token("dave", "commands:write", "queries:read");
            String account = openAccount(dave);
            stack.queries.get("/v1/accounts/" + account, dave, "Eventline-Position", "account/" + account + "@1");
            List<SseStream> open = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    open.add(new SseStream(stack.queries, "/v1/live/accounts/" + account, dave, null));
                    assertThat(open.get(i).status).isEqualTo(200);
                }
                Answer sixth = stack.queries.get("/v1/live/accounts/" + account, dave, "Accept", "text/event-stream");
                assertThat(sixth.status()).isEqualTo(429);
                assertThat(sixth.json().get("code").asText()).isEqualTo("TOO_MANY_STREAMS");
                assertThat(sixth.header("Retry-After")).isNotBlank();
            } finally {
                open.forEach(SseStream::close);
            }
        }
    }

    @Nested
    class Authorization {

        @Test
        void anotherClientsAccountIsA404LikeOneThatDoesNotExist() {
            String account = openAccount(alice);
            stack.queries.get("/v1/accounts/" + account, alice, "Eventline-Position", "account/" + account + "@1");

            Answer foreign = stack.queries.get("/v1/accounts/" + account, bob);
            Answer missing = stack.queries.get("/v1/accounts/no-such-account", bob);

            assertThat(foreign.status()).isEqualTo(404);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(foreign.json().get("code").asText()).isEqualTo(missing.json().get("code").asText()).isEqualTo("NOT_FOUND");
            assertThat(stack.queries.get("/v1/accounts/" + account + "/transactions", bob).status()).isEqualTo(404);
            assertThat(stack.queries.get("/v1/live/accounts/" + account, bob, "Accept", "text/event-stream").status()).isEqualTo(404);
        }

        @Test
        void meIsTheCallerAsTheTokenSaysWithoutReadingAnything() {
            Answer me = stack.queries.get("/v1/me", stack.token("carol", "queries:read", "dashboard"));
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("clientId").asText()).isEqualTo("carol");
            assertThat(me.json().get("roles")).extracting(JsonNode::asText).containsExactly("dashboard", "queries:read");
            assertThat(me.json().get("seesEverything").asBoolean()).isTrue();
            assertThat(java.time.Instant.parse(me.json().get("expiresAt").asText())).isAfter(java.time.Instant.now());
            assertThat(stack.queries.get("/v1/me", null).status()).isEqualTo(401);
        }

        @Test
        void aTokenIsVerifiedOnceAndThenRemembered() {
            VerifiedTokens verified = stack.query.getApplicationContext().getBean(VerifiedTokens.class);
            String token = stack.token("dave", "queries:read");
            long before = verified.remembered();

            assertThat(stack.queries.get("/v1/me", token).status()).isEqualTo(200);
            assertThat(verified.remembered()).isEqualTo(before + 1);
            assertThat(stack.queries.get("/v1/me", token).status()).isEqualTo(200);
            assertThat(verified.remembered()).as("the same token again").isEqualTo(before + 1);
            assertThat(stack.queries.get("/v1/me", forged(token)).status())
                    .as("a forged signature is still checked, and refused").isEqualTo(401);
            assertThat(verified.remembered()).isEqualTo(before + 1);
        }

        /**
         * The token with one character in the middle of its signature changed. Not its last
         * characters: base64url's final character carries padding bits a decoder ignores, so an
         * edit there can leave the signature's bytes as they were (it did, once in a few hundred runs).
         */
        private String forged(String token) {
            int signature = token.lastIndexOf('.') + 1;
            int middle = signature + (token.length() - signature) / 2;
            char changed = token.charAt(middle) == 'A' ? 'B' : 'A';
            return token.substring(0, middle) + changed + token.substring(middle + 1);
        }

        @Test
        void withoutATokenIs401() {
            Answer anonymous = stack.queries.get("/v1/accounts/acc-1", null);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        }

        @Test
        void auditorsReadEverythingAndEachReadIsInTheAccessLog() throws Exception {
            String account = openAccount(alice);
            stack.queries.get("/v1/accounts/" + account, alice, "Eventline-Position", "account/" + account + "@1");

            Answer audited = stack.queries.get("/v1/accounts/" + account, auditor, "X-Correlation-Id", "audit-read-" + account);
            assertThat(audited.status()).isEqualTo(200);
            assertThat(stack.queries.get("/v1/accounts/" + account, dashboard).status()).isEqualTo(200);

            Path log = Path.of(System.getProperty("EVENTLINE_AUDIT_LOG"));
            assertThat(Files.readAllLines(log)).anySatisfy(line -> assertThat(line).contains("client=audit-1")
                    .contains("uri=/v1/accounts/" + account).contains("status=200").contains("correlationId=audit-read-" + account));
            assertThat(Files.readAllLines(log)).noneMatch(line -> line.contains("client=wallboard") || line.contains("client=alice"));
        }
    }

    @Nested
    class Lists {

        @Test
        void paginationWalksTenThousandAccountsWithNoDuplicateOrMissingRowWhileWritesContinue() throws Exception {
            String walker = stack.token("walker", "commands:write", "queries:read");
            List<String> opened = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<String>> pending = new ArrayList<>();
                for (int i = 0; i < 10_000; i++) {
                    String id = String.format("walk-%05d", i);
                    pending.add(pool.submit(() -> {
                        Answer answer = stack.commands.command(walker, "account", id, "OpenAccount", "{\"currency\":\"USD\"}");
                        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
                        return id;
                    }));
                }
                for (Future<String> f : pending) {
                    opened.add(f.get());
                }
                Answer caughtUp = stack.queries.get("/v1/accounts/walk-09999", walker, "Eventline-Position", "account/walk-09999@1");
                assertThat(caughtUp.status()).isEqualTo(200);
                awaitAll(walker, opened.size());

                AtomicBoolean walking = new AtomicBoolean(true);
                AtomicInteger written = new AtomicInteger();
                Future<?> writes = pool.submit(() -> {
                    java.util.Random random = new java.util.Random(1);
                    int n = 0;
                    while (walking.get()) {
                        stack.commands.command(walker, "account", opened.get(random.nextInt(opened.size())), "Deposit", "{\"amount\":7}");
                        stack.commands.command(walker, "account", String.format("walk-new-%05d", n++), "OpenAccount", "{\"currency\":\"USD\"}");
                        written.addAndGet(2);
                    }
                });
                Set<String> seen = new HashSet<>();
                List<String> duplicates = new ArrayList<>();
                String cursor = null;
                int pages = 0;
                do {
                    Answer page = stack.queries.get("/v1/accounts?currency=USD&limit=500&fields=id,balance"
                            + (cursor == null ? "" : "&cursor=" + cursor), walker);
                    assertThat(page.status()).as(page.body()).isEqualTo(200);
                    for (JsonNode item : page.json().get("items")) {
                        assertThat(item.size()).as("only the selected fields").isEqualTo(2);
                        if (!seen.add(item.get("id").asText())) {
                            duplicates.add(item.get("id").asText());
                        }
                    }
                    cursor = page.json().get("next").isNull() ? null : page.json().get("next").asText();
                    pages++;
                    Thread.sleep(20); // let the writes interleave with the walk
                } while (cursor != null);
                walking.set(false);
                writes.get();

                System.out.printf("walked %d pages, %d rows, while %d commands were written%n", pages, seen.size(), written.get());
                assertThat(written.get()).as("writes happened during the walk").isGreaterThan(0);
                assertThat(duplicates).isEmpty();
                assertThat(seen).containsAll(opened);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void aPageLargerThanTheCapAndABadCursorAre400s() {
            Answer tooLarge = stack.queries.get("/v1/accounts?limit=501", alice);
            assertThat(tooLarge.status()).isEqualTo(400);
            assertThat(tooLarge.json().get("parameter").asText()).isEqualTo("limit");

            Answer badCursor = stack.queries.get("/v1/accounts?cursor=!!!", alice);
            assertThat(badCursor.status()).isEqualTo(400);
            assertThat(badCursor.json().get("parameter").asText()).isEqualTo("cursor");

            Answer badSort = stack.queries.get("/v1/accounts?sort=owner", alice);
            assertThat(badSort.status()).isEqualTo(400);
            assertThat(badSort.json().get("code").asText()).isEqualTo("INVALID_PARAMETER");
        }

        @Test
        void filtersAndSortsByBalanceWithStableCursors() {
            String erin = stack.token("erin", "commands:write", "queries:read");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String id = openAccount(erin);
                ids.add(id);
                if (i % 3 > 0) {
                    deposit(erin, id, 100L * (i % 3));
                }
            }
            String last = ids.get(4);
            stack.queries.get("/v1/accounts/" + last, erin, "Eventline-Position", "account/" + last + "@2");
            stack.queries.get("/v1/accounts/" + ids.get(2), erin, "Eventline-Position", "account/" + ids.get(2) + "@2");
            List<String> walked = new ArrayList<>();
            List<Long> balances = new ArrayList<>();
            String cursor = null;
            do {
                Answer page = stack.queries.get("/v1/accounts?sort=-balance&minBalance=100&limit=1" + (cursor == null ? "" : "&cursor=" + cursor), erin);
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                page.json().get("items").forEach(item -> {
                    walked.add(item.get("id").asText());
                    balances.add(item.get("balance").asLong());
                });
                cursor = page.json().get("next").isNull() ? null : page.json().get("next").asText();
            } while (cursor != null);
            assertThat(balances).containsExactly(200L, 100L, 100L);
            assertThat(walked).doesNotHaveDuplicates().allMatch(ids::contains);
        }

        @Test
        void transactionsArePagedNewestFirst() {
            String account = openAccount(alice);
            Answer last = null;
            for (int i = 1; i <= 5; i++) {
                last = deposit(alice, account, i);
            }
            Answer page1 = stack.queries.get("/v1/accounts/" + account + "/transactions?limit=3", alice,
                    "Eventline-Position", last.header("Eventline-Position"));
            assertThat(page1.json().get("items")).extracting(n -> n.get("amount").asLong()).containsExactly(5L, 4L, 3L);
            Answer page2 = stack.queries.get("/v1/accounts/" + account + "/transactions?limit=3&before=" + page1.json().get("next").asText(), alice);
            assertThat(page2.json().get("items")).extracting(n -> n.get("amount").asLong()).containsExactly(2L, 1L);
            assertThat(page2.json().get("next").isNull()).isTrue();
        }
    }

    @Nested
    class TransfersCommandsAndStats {

        @Test
        void aTransferItsCommandsStatusAndTheDashboardFigures() throws Exception {
            String from = openAccount(alice);
            String to = openAccount(bob);
            deposit(alice, from, 1000);
            Answer requested = stack.commands.command(alice, "transfer", "t-" + from, "RequestTransfer",
                    "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":300}");
            assertThat(requested.status()).as(requested.body()).isEqualTo(201);
            String commandId = requested.json().get("commandId").asText();

            Answer status = stack.queries.get("/v1/commands/" + commandId, alice);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (status.json().get("status").asText().equals("PENDING") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = stack.queries.get("/v1/commands/" + commandId, alice);
            }
            assertThat(status.json().get("status").asText()).isEqualTo("ACCEPTED");
            assertThat(status.json().get("position").asText()).isEqualTo(requested.header("Eventline-Position"));
            Answer notBobs = stack.queries.get("/v1/commands/" + commandId, bob);
            assertThat(notBobs.json().get("status").asText()).as("not bob's command: read like one not decided yet").isEqualTo("PENDING");

            Answer transfer = stack.queries.get("/v1/transfers/t-" + from, alice, "Eventline-Position", requested.header("Eventline-Position"));
            assertThat(transfer.status()).isEqualTo(200);
            assertThat(transfer.json().get("amount").asLong()).isEqualTo(300);
            assertThat(stack.queries.get("/v1/transfers/t-" + from, bob).status()).as("bob owns the destination").isEqualTo(200);
            assertThat(stack.queries.get("/v1/transfers/t-" + from, stack.token("mallory", "queries:read")).status()).isEqualTo(404);

            Answer mine = stack.queries.get("/v1/stats", alice);
            assertThat(mine.json().get("scope").asText()).isEqualTo("client:alice");
            Answer all = stack.queries.get("/v1/stats", dashboard);
            assertThat(all.json().get("scope").asText()).isEqualTo("all");
            assertThat(all.json().get("commands").get("accepted").asLong()).isGreaterThan(mine.json().get("commands").get("accepted").asLong());
            assertThat(all.json().get("aggregates")).as("every registered type's count by status, from the generic read model")
                    .anySatisfy(row -> {
                        assertThat(row.get("type").asText()).isEqualTo("account");
                        assertThat(row.get("status").asText()).isEqualTo("ACTIVE"); // the state's own status, not the ledger table's
                        assertThat(row.get("count").asLong()).isPositive();
                    });
            assertThat(all.json().get("transfers")).as("the ledger's own part").isNotEmpty();
            assertThat(stack.queries.get("/v1/stats", dashboard, "If-None-Match", all.header("ETag")).status()).isIn(200, 304);
        }

        @Test
        void anAsyncCommandsLocationIsItsStatusHere() throws Exception {
            Answer accepted = stack.commands.command(alice, "account", "async-" + accounts.incrementAndGet(), "OpenAccount",
                    "{\"currency\":\"EUR\"}", "Prefer", "respond-async");
            assertThat(accepted.status()).isEqualTo(202);
            String location = accepted.header("Location");
            assertThat(location).isEqualTo(stack.queries.base.resolve("/v1/commands/" + accepted.json().get("commandId").asText()).toString());

            Answer status = stack.commands.getAbsolute(location, alice);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (status.json().get("status").asText().equals("PENDING") && System.nanoTime() < deadline) {
                assertThat(status.header("Retry-After")).isEqualTo("1");
                Thread.sleep(100);
                status = stack.commands.getAbsolute(location, alice);
            }
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.json().get("status").asText()).isEqualTo("ACCEPTED");
            assertThat(status.json().get("version").asLong()).isEqualTo(1);
        }

        @Test
        void theStatsStreamSendsTheFiguresAndThenEachChange() throws Exception {
            String frank = stack.token("frank", "commands:write", "queries:read");
            try (SseStream stream = new SseStream(stack.queries, "/v1/live/stats", frank, null)) {
                List<SseStream.Message> first = stream.next(1, Duration.ofSeconds(10));
                assertThat(first).hasSize(1);
                assertThat(Http.parse(first.get(0).data()).get("scope").asText()).isEqualTo("client:frank");
                openAccount(frank);
                List<SseStream.Message> changed = stream.next(1, Duration.ofSeconds(10));
                assertThat(changed).hasSize(1);
                assertThat(Http.parse(changed.get(0).data()).get("accounts").get(0).get("count").asLong()).isEqualTo(1);
            }
        }
    }

    private void awaitAll(String token, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Answer stats = stack.queries.get("/v1/stats", token);
            long count = 0;
            for (JsonNode row : stats.json().get("accounts")) {
                count += row.get("count").asLong();
            }
            if (count >= expected) {
                return;
            }
            Thread.sleep(200);
        }
    }

    @Nested
    class FollowingACommand {

        @Test
        void itsCorrelationIdIsOnItsLinesInTheCommandProjectionAndQueryServicesLogs() throws Exception {
            ch.qos.logback.classic.Logger reads = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("eventline.reads.commands");
            ListAppender<ILoggingEvent> queryLog = new ListAppender<>();
            queryLog.start();
            reads.addAppender(queryLog);
            try {
                String correlationId = "trace-" + java.util.UUID.randomUUID();
                String account = "traced-" + accounts.incrementAndGet();
                Answer opened = stack.commands.command(alice, "account", account, "OpenAccount", "{\"currency\":\"EUR\"}",
                        "X-Correlation-Id", correlationId);
                assertThat(opened.status()).isEqualTo(201);
                assertThat(opened.header("X-Correlation-Id")).isEqualTo(correlationId);
                String commandId = opened.json().get("commandId").asText();

                Answer status = stack.queries.get("/v1/commands/" + commandId, alice);
                for (int i = 0; i < 50 && "PENDING".equals(status.json().get("status").asText()); i++) {
                    Thread.sleep(100);
                    status = stack.queries.get("/v1/commands/" + commandId, alice);
                }
                assertThat(status.json().get("correlationId").asText()).isEqualTo(correlationId);

                assertThat(linesOf(stack.writeSide.log("command-service"), correlationId))
                        .anySatisfy(line -> assertThat(line.get("loggerName").asText()).isEqualTo("eventline.commands"))
                        .allSatisfy(line -> assertThat(line.get("formattedMessage").asText()).contains(commandId));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                List<JsonNode> applied = linesOf(stack.writeSide.log("projection-service"), correlationId);
                while (applied.size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    applied = linesOf(stack.writeSide.log("projection-service"), correlationId);
                }
                assertThat(applied).extracting(line -> line.get("formattedMessage").asText().split("_v")[0])
                        .as("the event applied by the ledger and the archive, the outcome by the outcomes projection")
                        .contains("ledger", "archive", "outcomes");
                assertThat(queryLog.list).anySatisfy(event -> {
                    assertThat(event.getMDCPropertyMap()).containsEntry("correlationId", correlationId);
                    assertThat(event.getFormattedMessage()).contains(commandId);
                });
            } finally {
                reads.detachAppender(queryLog);
            }
        }

        /** The JSON lines of a service's log that carry the correlation id in their MDC. */
        private List<JsonNode> linesOf(Path log, String correlationId) throws java.io.IOException {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("{") && line.contains(correlationId)) {
                    JsonNode json = Http.parse(line);
                    JsonNode mdc = json.get("mdc");
                    if (mdc != null && correlationId.equals(mdc.path("correlationId").asText())) {
                        lines.add(json);
                    }
                }
            }
            return lines;
        }
    }
}
