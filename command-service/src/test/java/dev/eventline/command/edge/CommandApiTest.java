package dev.eventline.command.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import dev.eventline.command.CommandApiClient;
import dev.eventline.command.EventLog;
import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.testkit.Http.Answer;
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The command API as a service calls it: the running service (both stages, the HTTP edge) against
 * the real broker and registry, over HTTP with real tokens.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandApiTest implements TestPropertyProvider {

    private static final List<String> WRITER = List.of("commands:write");

    private final String namespace = "api-" + UUID.randomUUID().toString().substring(0, 8);
    private final Infrastructure infrastructure = SharedInfrastructure.get();
    private DevelopmentKeys keys;
    private String oldKid;

    @Inject
    EmbeddedServer server;

    @Inject
    EventlineTopics topics;

    private CommandApiClient api;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path keyDir = Files.createTempDirectory("command-api-keys");
            keys = DevelopmentKeys.open(keyDir);
            oldKid = keys.currentKid();
            keys.rotate(); // two keys in the set: tokens from either pass, as during a rotation
            return Map.of(
                    "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                    "schema.registry.url", infrastructure.schemaRegistryUrl(),
                    "eventline.namespace", namespace,
                    "eventline.partitions", "3",
                    "eventline.state-dir", Files.createTempDirectory("command-api-streams").toString(),
                    "micronaut.security.token.jwt.signatures.jwks-static.eventline.path", "file:" + keys.publicKeySet(),
                    "micronaut.server.max-request-size", "4096");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void awaitReady() throws InterruptedException {
        api = new CommandApiClient(server.getURI());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Answer ready;
        do {
            ready = api.path("/health/readiness").method("GET").send();
            if (ready.status() == 200) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("service not ready: " + ready);
    }

    private String token(String client, List<String> roles) {
        return keys.issue(client, roles, Duration.ofHours(1));
    }

    private static String client() {
        return "client-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private Answer open(String token, String account, String currency) {
        return api.command("account", account, "OpenAccount").token(token).key(key()).body("{\"currency\":\"" + currency + "\"}").send();
    }

    private Answer send(String token, String account, String commandType, String body) {
        return api.command("account", account, commandType).token(token).key(key()).body(body).send();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AnAccountsLife {

        @Test
        void opensDepositsRefusesAnOverdraftAndCloses() {
            String alice = token(client(), WRITER);
            String account = id("acc");

            Answer opened = open(alice, account, "EUR");
            assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
            assertThat(opened.json().get("version").asLong()).isEqualTo(1);
            assertThat(opened.json().get("events").get(0).get("type").asText()).isEqualTo("AccountOpened");
            assertThat(opened.json().get("position").asText()).isEqualTo("account/" + account + "@1");
            assertThat(opened.header("ETag")).isEqualTo("\"1\"");

            Answer deposited = send(alice, account, "Deposit", "{\"amount\":100}");
            assertThat(deposited.status()).as(deposited.toString()).isEqualTo(200);
            assertThat(deposited.json().get("version").asLong()).isEqualTo(2);
            assertThat(deposited.json().get("events").get(0).get("type").asText()).isEqualTo("Deposited");

            Answer overdraft = send(alice, account, "Withdraw", "{\"amount\":500}");
            assertThat(overdraft.status()).as(overdraft.toString()).isEqualTo(422);
            assertThat(overdraft.header("Content-Type")).startsWith("application/problem+json");
            assertThat(overdraft.json().get("code").asText()).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(overdraft.json().get("currentVersion").asLong()).isEqualTo(2);
            assertThat(overdraft.json().get("correlationId").asText()).isEqualTo(overdraft.header("X-Correlation-Id"));

            assertThat(send(alice, account, "Withdraw", "{\"amount\":100}").status()).isEqualTo(200);
            Answer closed = send(alice, account, "Close", "");
            assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
            assertThat(closed.json().get("version").asLong()).isEqualTo(4);
        }

        @Test
        void aSynchronousAnswerSaysHopByHopWhereItsTimeWent() {
            Answer opened = open(token(client(), WRITER), id("acc"), "EUR");

            Map<String, Double> hops = new LinkedHashMap<>();
            for (String metric : opened.header("Server-Timing").split(",")) {
                String[] parts = metric.trim().split(";dur=");
                hops.put(parts[0], Double.parseDouble(parts[1]));
            }
            assertThat(hops.keySet()).containsExactly("edge", "admit", "decide", "commit", "reply", "total");
            assertThat(hops.values()).as("one machine, one clock: no hop runs backwards").allMatch(ms -> ms >= 0);
            assertThat(hops.get("edge") + hops.get("admit") + hops.get("decide") + hops.get("commit") + hops.get("reply"))
                    .as("the hops add up to the total").isCloseTo(hops.get("total"), within(0.05));
        }

        @Test
        void anotherClientsAccountIsAnsweredAsMissing() {
            String account = id("acc");
            assertThat(open(token(client(), WRITER), account, "EUR").status()).isEqualTo(201);

            Answer foreign = send(token(client(), WRITER), account, "Withdraw", "{\"amount\":1}");

            assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
            assertThat(foreign.json().get("code").asText()).isEqualTo("NOT_FOUND");
            assertThat(foreign.json().get("currentVersion").asLong()).as("no version of someone else's account").isZero();
        }

        @Test
        void preferRespondAsyncAnswers202WithWhereToLook() {
            Answer accepted = api.command("account", id("acc"), "OpenAccount").token(token(client(), WRITER)).key(key())
                    .header("Prefer", "respond-async").body("{\"currency\":\"EUR\"}").send();

            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            String commandId = accepted.json().get("commandId").asText();
            assertThat(accepted.header("Location")).isEqualTo("/v1/commands/" + commandId);
            assertThat(accepted.header("Preference-Applied")).isEqualTo("respond-async");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OptimisticConcurrency {

        @Test
        void fiftyConcurrentCommandsAtOneVersionAcceptExactlyOne() throws Exception {
            String owner = token(client(), WRITER);
            String account = id("acc");
            assertThat(open(owner, account, "EUR").status()).isEqualTo(201);

            List<Answer> answers = concurrently(50, i -> api.command("account", account, "Deposit").token(owner).key(key())
                    .ifMatch(1).body("{\"amount\":" + (i + 1) + "}").send());

            Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
            assertThat(byStatus).as(answers.toString()).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 409, 49L));
            answers.stream().filter(a -> a.status() == 409).forEach(conflict -> {
                assertThat(conflict.json().get("code").asText()).isEqualTo("VERSION_CONFLICT");
                assertThat(conflict.json().get("currentVersion").asLong()).isIn(1L, 2L);
            });
            Answer next = send(owner, account, "Deposit", "{\"amount\":1}");
            assertThat(next.json().get("version").asLong()).as("one deposit was appended, not more").isEqualTo(3);
        }

        @Test
        void aStaleIfMatchGets409WithTheCurrentVersion() {
            String owner = token(client(), WRITER);
            String account = id("acc");
            open(owner, account, "EUR");
            send(owner, account, "Deposit", "{\"amount\":5}");

            Answer stale = api.command("account", account, "Withdraw").token(owner).key(key()).ifMatch(1).body("{\"amount\":1}").send();

            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(2);
            assertThat(stale.header("ETag")).isEqualTo("\"2\"");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Idempotency {

        @Test
        void theSameKeyTenTimesAppendsOnceAndAnswersTheSame() throws Exception {
            String owner = token(client(), WRITER);
            String account = id("acc");
            open(owner, account, "EUR");
            String sequentialKey = key();
            String concurrentKey = key();

            List<Answer> sequential = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sequential.add(api.command("account", account, "Deposit").token(owner).key(sequentialKey).body("{\"amount\":7}").send());
            }
            List<Answer> concurrent = concurrently(10,
                    i -> api.command("account", account, "Deposit").token(owner).key(concurrentKey).body("{\"amount\":11}").send());

            assertThat(sequential).extracting(Answer::status).containsOnly(200);
            assertThat(sequential).extracting(Answer::body).containsOnly(sequential.get(0).body());
            assertThat(concurrent).extracting(Answer::status).containsOnly(200);
            assertThat(concurrent).extracting(Answer::body).containsOnly(concurrent.get(0).body());
            List<EventLog.Entry> events = EventLog.read(infrastructure.kafkaBootstrapServers(), topics.events("account")).stream()
                    .filter(e -> e.metadata().getAggregateId().equals(account)).toList();
            assertThat(events).extracting(e -> e.payload().getSchema().getName()).containsExactly("AccountOpened", "Deposited", "Deposited");
            assertThat(events).extracting(e -> e.metadata().getVersion()).containsExactly(1L, 2L, 3L);
        }

        @Test
        void theSameKeyWithAnotherBodyIs422() {
            String owner = token(client(), WRITER);
            String account = id("acc");
            open(owner, account, "EUR");
            String reused = key();
            assertThat(api.command("account", account, "Deposit").token(owner).key(reused).body("{\"amount\":7}").send().status()).isEqualTo(200);

            Answer other = api.command("account", account, "Deposit").token(owner).key(reused).body("{\"amount\":8}").send();

            assertThat(other.status()).as(other.toString()).isEqualTo(422);
            assertThat(other.json().get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BadRequestsWriteNothing {

        @Test
        void aMissingIdempotencyKeyIs400() {
            Answer answer = api.command("account", id("acc"), "OpenAccount").token(token(client(), WRITER)).body("{\"currency\":\"EUR\"}").send();

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_MISSING");
            assertThat(answer.json().get("type").asText()).isEqualTo("https://eventline.dev/problems/idempotency-key-missing");
        }

        @Test
        void anInvalidPayloadIs400WithEveryFieldPath() {
            Answer answer = api.command("account", id("acc"), "OpenAccount").token(token(client(), WRITER)).key(key())
                    .body("{\"currency\":\"euro\",\"colour\":\"red\"}").send();

            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.json().get("code").asText()).isEqualTo("INVALID_PAYLOAD");
            assertThat(answer.json().get("errors").findValuesAsText("pointer")).containsExactlyInAnyOrder("/currency", "/colour");
        }

        @Test
        void malformedJsonIs400() {
            Answer answer = api.command("account", id("acc"), "Deposit").token(token(client(), WRITER)).key(key()).body("{\"amount\":").send();

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("code").asText()).isEqualTo("MALFORMED_JSON");
        }

        @Test
        void anUnknownAggregateOrCommandTypeIs404() {
            String token = token(client(), WRITER);
            assertThat(api.command("invoice", "i-1", "Issue").token(token).key(key()).send().json().get("code").asText())
                    .isEqualTo("UNKNOWN_AGGREGATE_TYPE");
            Answer answer = api.command("account", "a-1", "Embezzle").token(token).key(key()).send();
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.json().get("code").asText()).isEqualTo("UNKNOWN_COMMAND_TYPE");
        }

        @Test
        void anOversizedBodyIs413() {
            Answer answer = api.command("account", id("acc"), "OpenAccount").token(token(client(), WRITER)).key(key())
                    .body("{\"currency\":\"" + "X".repeat(10_000) + "\"}").send();

            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.json().get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        }

        @Test
        void noTokenOrAForeignKeyIs401AndAMissingRoleIs403() throws Exception {
            Answer none = api.command("account", id("acc"), "OpenAccount").key(key()).body("{\"currency\":\"EUR\"}").send();
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.header("Content-Type")).startsWith("application/problem+json");
            assertThat(none.json().get("code").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(none.json().get("correlationId").asText()).isNotBlank();

            DevelopmentKeys stranger = DevelopmentKeys.open(Files.createTempDirectory("stranger-keys"));
            Answer foreign = api.command("account", id("acc"), "OpenAccount").token(stranger.issue("mallory", WRITER, Duration.ofHours(1)))
                    .key(key()).body("{\"currency\":\"EUR\"}").send();
            assertThat(foreign.status()).isEqualTo(401);

            Answer reader = api.command("account", id("acc"), "OpenAccount").token(token(client(), List.of("queries:read")))
                    .key(key()).body("{\"currency\":\"EUR\"}").send();
            assertThat(reader.status()).isEqualTo(403);
            assertThat(reader.json().get("code").asText()).isEqualTo("FORBIDDEN");
        }

        @Test
        void tokensFromEveryKeyOfTheSetPassDuringARotation() {
            String account = id("acc");
            Answer oldKey = open(keys.issueWith(oldKid, client(), WRITER, Duration.ofHours(1)), account, "EUR");
            Answer newKey = open(keys.issue(client(), WRITER, Duration.ofHours(1)), id("acc"), "EUR");

            assertThat(oldKey.status()).as(oldKey.toString()).isEqualTo(201);
            assertThat(newKey.status()).as(newKey.toString()).isEqualTo(201);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RateLimits {

        @Test
        void aClientOverItsLimitGets429WhileAnotherIsUnaffectedAndARaisedLimitAppliesWithinASecond() throws Exception {
            String admin = token("ops", List.of("admin"));
            String greedy = client();
            String greedyToken = token(greedy, WRITER);
            Answer set = api.path("/v1/admin/client-limits/" + greedy).method("PUT").token(admin)
                    .body("{\"capacity\":3,\"refillTokens\":1,\"refillPeriodMillis\":60000}").send();
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
            awaitLimit(admin, greedy, 3);

            List<Answer> burst = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                burst.add(open(greedyToken, id("acc"), "EUR"));
            }
            assertThat(burst.subList(0, 3)).extracting(Answer::status).containsOnly(201);
            Answer limited = burst.get(3);
            assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
            assertThat(limited.json().get("code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"commands\";q=1;w=60");
            assertThat(limited.header("RateLimit")).isEqualTo("\"commands\";r=0;t=" + limited.header("Retry-After"));
            assertThat(api.path("/prometheus").method("GET").send().body())
                    .as("refused at the edge, before a trip through Kafka")
                    .containsPattern("eventline_commands_rate_limited_total\\{stage=\"edge\"} [1-9]")
                    .as("no client in a public scrape").doesNotContain("client=\"" + greedy + "\"");

            assertThat(open(token(client(), WRITER), id("acc"), "EUR").status()).as("another client").isEqualTo(201);

            assertThat(api.path("/v1/admin/client-limits/" + greedy).method("PUT").token(admin)
                    .body("{\"capacity\":100,\"refillTokens\":100,\"refillPeriodMillis\":1000}").send().status()).isEqualTo(200);
            long changed = System.nanoTime();
            Answer admitted;
            do {
                admitted = open(greedyToken, id("acc"), "EUR");
            } while (admitted.status() == 429 && System.nanoTime() - changed < Duration.ofSeconds(1).toNanos());
            assertThat(admitted.status()).as("admitted within a second of the change").isEqualTo(201);
        }

        @Test
        void theAdminApiReadsUpdatesAndDeletesLimitsAndRefusesBadOnes() {
            String admin = token("ops", List.of("admin"));
            String someone = client();
            Answer defaults = api.path("/v1/admin/client-limits/" + someone).method("GET").token(admin).send();
            assertThat(defaults.json().get("source").asText()).isEqualTo("default");
            assertThat(defaults.json().get("capacity").asLong()).isEqualTo(200);

            Answer bad = api.path("/v1/admin/client-limits/" + someone).method("PUT").token(admin)
                    .body("{\"capacity\":0,\"refillTokens\":\"many\"}").send();
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("errors").findValuesAsText("pointer"))
                    .containsExactlyInAnyOrder("/capacity", "/refillTokens", "/refillPeriodMillis");

            assertThat(api.path("/v1/admin/client-limits/" + someone).method("PUT").token(admin)
                    .body("{\"capacity\":9,\"refillTokens\":3,\"refillPeriodMillis\":1000}").send().status()).isEqualTo(200);
            awaitLimit(admin, someone, 9);
            Answer listed = api.path("/v1/admin/client-limits").method("GET").token(admin).send();
            assertThat(listed.json().get("clients").findValuesAsText("clientId")).contains(someone);

            assertThat(api.path("/v1/admin/client-limits/" + someone).method("DELETE").token(admin).send().status()).isEqualTo(204);
            awaitLimit(admin, someone, 200);

            assertThat(api.path("/v1/admin/client-limits/" + someone).method("GET").token(token(someone, WRITER)).send().status())
                    .as("only admins").isEqualTo(403);
        }

        private void awaitLimit(String admin, String clientId, long capacity) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                Answer limit = api.path("/v1/admin/client-limits/" + clientId).method("GET").token(admin).send();
                if (limit.status() == 200 && limit.json().get("capacity").asLong() == capacity) {
                    return;
                }
            }
            throw new AssertionError("limit of " + clientId + " never became " + capacity);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Transfers {

        @Test
        void transfersMoveMoneyAFailedCreditIsRefundedAndMoneyIsConserved() throws Exception {
            String alice = token(client(), WRITER);
            String bobToken = token(client(), WRITER);
            String source = id("src");
            String euros = id("eur");
            String dollars = id("usd");
            open(alice, source, "EUR");
            send(alice, source, "Deposit", "{\"amount\":1000}");
            open(bobToken, euros, "EUR");
            open(bobToken, dollars, "USD");

            String good = id("t");
            String bad = id("t");
            Answer ok = api.command("transfer", good, "RequestTransfer").token(alice).key(key())
                    .body("{\"from\":\"" + source + "\",\"to\":\"" + euros + "\",\"amount\":300}").send();
            Answer failing = api.command("transfer", bad, "RequestTransfer").token(alice).key(key())
                    .body("{\"from\":\"" + source + "\",\"to\":\"" + dollars + "\",\"amount\":200}").send();
            assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
            assertThat(failing.status()).as(failing.toString()).isEqualTo(201);

            Map<String, Long> balances = Map.of();
            Map<String, String> finals = Map.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                // The transfers' final events first: each is written only after its account events
                // committed, so balances read afterwards include the refund.
                finals = lastEvents(Set.of(good, bad));
                balances = balances(Set.of(source, euros, dollars));
                if ("TransferCompleted".equals(finals.get(good)) && "TransferCompensated".equals(finals.get(bad))) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(finals).containsEntry(good, "TransferCompleted").containsEntry(bad, "TransferCompensated");
            assertThat(balances).containsEntry(source, 700L).containsEntry(euros, 300L).containsEntry(dollars, 0L);
            assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).as("money conserved").isEqualTo(1000L);
        }

        private Map<String, Long> balances(Set<String> accounts) {
            Map<String, Long> balances = new java.util.HashMap<>();
            for (EventLog.Entry entry : EventLog.read(infrastructure.kafkaBootstrapServers(), topics.events("account"))) {
                String account = entry.metadata().getAggregateId();
                if (!accounts.contains(account)) {
                    continue;
                }
                Object amount = entry.payload().getSchema().getField("amount") == null ? null
                        : entry.payload().get(entry.payload().getSchema().getField("amount").pos());
                long delta = switch (entry.payload().getSchema().getName()) {
                    case "Deposited" -> (Long) amount;
                    case "Withdrawn" -> -(Long) amount;
                    default -> 0L;
                };
                balances.merge(account, delta, Long::sum);
            }
            return balances;
        }

        private Map<String, String> lastEvents(Set<String> transfers) {
            Map<String, String> last = new java.util.HashMap<>();
            for (EventLog.Entry entry : EventLog.read(infrastructure.kafkaBootstrapServers(), topics.events("transfer"))) {
                if (transfers.contains(entry.metadata().getAggregateId())) {
                    last.put(entry.metadata().getAggregateId(), entry.payload().getSchema().getName());
                }
            }
            return last;
        }
    }

    private interface Attempt {
        Answer run(int index);
    }

    private static List<Answer> concurrently(int count, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Answer> call = () -> {
                    start.await();
                    return attempt.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
