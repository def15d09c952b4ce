package dev.eventline.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.devstack.postgres.PostgresServer;
import dev.eventline.testkit.Http.Answer;
import dev.eventline.testkit.Http;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The query service on a PostgreSQL server of its own, which the test stops and starts again:
 * read limits, and what callers get while the database is gone and once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneQueryServiceTest {

    private PostgresServer postgres;
    private EmbeddedServer query;
    private Http http;
    private DevelopmentKeys keys;
    private int auditors;

    @BeforeAll
    void start() throws Exception {
        Path home = Files.createTempDirectory("query-alone");
        postgres = new PostgresServer(new PostgresServer.PostgresConfig(LedgerStack.freePort(), home.resolve("pg"), home.resolve("pg-run"), "reads")).start();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, postgres.password()); Statement s = c.createStatement()) {
            // The tables of the read models this test reads, as the projection service creates them.
            s.execute("create table accounts (id text primary key, owner text not null, currency text not null, balance bigint not null, "
                    + "status text not null, version bigint not null, opened_at timestamptz not null, updated_at timestamptz not null)");
            s.execute("create table projection_offsets (projection text, version int, topic text, partition int, next_offset bigint)");
            s.execute("create table read_model_versions (projection text primary key, active_version int)");
            s.execute("insert into accounts values ('acc-1', 'alice', 'EUR', 10, 'OPEN', 1, now(), now())");
        }
        keys = DevelopmentKeys.open(home.resolve("keys"));
        query = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "datasources.default.url", postgres.jdbcUrl(),
                "datasources.default.username", PostgresServer.USER,
                "datasources.default.password", postgres.password(),
                "eventline.token-keys", "file:" + keys.publicKeySet(),
                "eventline.query.limits.capacity", 3,
                "eventline.query.limits.refill-tokens", 1,
                "eventline.query.limits.refill-period", "2s",
                "eventline.query.database.circuit-reset", "2s"));
        http = new Http(query.getURI());
    }

    @AfterAll
    void stop() {
        query.getApplicationContext().close();
        postgres.close();
    }

    @Test
    @Order(1)
    void readsBeyondTheClientsLimitAre429WithRetryAfterAndTheRateLimitFields() {
        String token = keys.issue("alice", List.of("queries:read"), Duration.ofHours(1));
        Answer first = http.get("/v1/accounts/acc-1", token);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"reads\";q=1;w=2");
        assertThat(first.header("RateLimit")).startsWith("\"reads\";r=2;");
        http.get("/v1/accounts/acc-1", token);
        http.get("/v1/accounts/acc-1", token);

        Answer limited = http.get("/v1/accounts/acc-1", token);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
        assertThat(limited.header("RateLimit")).startsWith("\"reads\";r=0;t=");
        assertThat(http.get("/v1/accounts/acc-1", keys.issue("bob", List.of("queries:read"), Duration.ofHours(1))).status())
                .as("another client has its own budget").isEqualTo(404);
        assertThat(http.get("/prometheus", null).body()).contains("eventline_reads_rate_limited_total 1.0").doesNotContain("client=\"alice\"")
                .contains("eventline_live_streams 0.0").contains("http_server_requests_seconds_count");
    }

    @Test
    @Order(1)
    void servesItsOpenApiDocumentsAndABrowsableUiWithoutCredentials() {
        Answer document = http.get("/swagger/eventline-query-api-1.yml", null);
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body()).contains("/v1/aggregates/{type}/{id}:", "/v1/commands/{commandId}:", "/v1/live/stats:", "scheme: bearer")
                .as("a domain's own routes are in its own document").doesNotContain("/v1/accounts");
        Answer ledger = http.get("/swagger/eventline-ledger-api-1.yml", null);
        assertThat(ledger.status()).isEqualTo(200);
        assertThat(ledger.body()).contains("/v1/accounts/{id}:", "/v1/live/accounts:", "/v1/transfers/{id}:", "scheme: bearer");

        Answer ui = http.get("/swagger-ui/index.html", null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("eventline-query-api-1.yml");
    }

    @Test
    @Order(2)
    void withThePostgresDownAnswersAre503AtOnceAndRecoverByThemselves() throws Exception {
        assertThat(http.get("/v1/accounts/acc-1", anotherAuditor()).status()).isEqualTo(200);

        postgres.close();
        long started = System.nanoTime();
        Answer down = http.get("/v1/accounts/acc-1", anotherAuditor());
        long firstMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        Answer open = http.get("/v1/accounts/acc-1", anotherAuditor());
        long openMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("database down: first answer in %d ms, with the circuit open in %d ms%n", firstMillis, openMillis);

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("code").asText()).isEqualTo("READ_MODELS_UNAVAILABLE");
        assertThat(down.header("Retry-After")).isEqualTo("2");
        assertThat(open.status()).isEqualTo(503);
        assertThat(open.header("Retry-After")).isEqualTo("2");
        assertThat(http.get("/health/liveness", null).status()).as("alive without its database").isEqualTo(200);
        assertThat(http.get("/health/readiness", null).status()).as("not ready without it").isEqualTo(503);

        postgres.start();
        Answer back = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            back = http.get("/v1/accounts/acc-1", anotherAuditor());
            if (back.status() == 200) {
                break;
            }
            assertThat(back.status()).isEqualTo(503);
            Thread.sleep(250);
        }
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().get("balance").asLong()).isEqualTo(10);
        assertThat(http.get("/health/readiness", null).status()).isEqualTo(200);
    }

    /** A new client each time: this test is about the database, not the read limits. */
    private String anotherAuditor() {
        return keys.issue("auditor-" + auditors++, List.of("auditor"), Duration.ofHours(1));
    }
}
