package dev.eventline.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DynamicTest;

/** Who may call what: forged and invalid tokens, anonymous callers, management endpoints, roles. */
final class TokenAndAccessCases {

    private final SecurityFixture f;

    TokenAndAccessCases(SecurityFixture fixture) {
        this.f = fixture;
    }

    /** A route of each service that a token with every role would pass; a refused token must get 401. */
    private List<Route> guarded() {
        return List.of(
                new Route("command", f.command, "POST", "/v1/commands/account/" + f.victim + "/Withdraw", "{\"amount\":1}"),
                new Route("query", f.query, "GET", "/v1/accounts/" + f.victim, null),
                new Route("query", f.query, "GET", "/v1/me", null),
                new Route("projection", f.projection, "GET", "/v1/stats/totals", null));
    }

    record Route(String service, URI base, String method, String target, String body) {
    }

    List<DynamicTest> forgedTokens() {
        List<DynamicTest> cases = new ArrayList<>();
        for (Route route : guarded()) {
            f.forged.refused().forEach((why, token) -> cases.add(f.refused(route.service() + ": token " + why,
                    () -> f.call(route.base(), route.method(), route.target(), token, Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString()),
                            route.body()), 401)));
            cases.add(f.refused(route.service() + ": Basic credentials instead of a bearer token",
                    () -> f.call(route.base(), route.method(), route.target(), null, Map.of("Authorization", "Basic YWxpY2U6c2VjcmV0",
                            "Idempotency-Key", java.util.UUID.randomUUID().toString()), route.body()), 401));
        }
        cases.add(DynamicTest.dynamicTest("a live stream ends when its token expires", () -> {
            String shortLived = f.stack.keys.issue("alice", List.of("queries:read"), java.time.Duration.ofSeconds(3));
            // Read to the end: the server must close the stream at the token's expiry, long before its 30-minute
            // cap; were it left open, the silence until the next heartbeat (15 s) fails the read after 10 s.
            RawHttp.Answer stream = RawHttp.send(f.query, "GET", "/v1/live/accounts", Map.of("Authorization", "Bearer " + shortLived), null, 10_000);
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.body()).contains("heartbeat");
        }));
        // Positive controls: the same token rules let a valid token through on each service.
        cases.add(DynamicTest.dynamicTest("control: a valid token reads the totals", () ->
                assertThat(f.get(f.projection, "/v1/stats/totals", f.forged.valid("ops")).status()).isEqualTo(200)));
        cases.add(DynamicTest.dynamicTest("control: a valid token reads its own account", () ->
                assertThat(f.get(f.query, "/v1/accounts/" + f.victim, f.alice).status()).isEqualTo(200)));
        return cases;
    }

    List<DynamicTest> anonymous() {
        String since = "from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z";
        List<String[]> routes = List.of(
                new String[] {"command", "POST", "/v1/commands/account/" + f.victim + "/Deposit"},
                new String[] {"command", "GET", "/v1/admin/client-limits"},
                new String[] {"command", "GET", "/v1/admin/client-limits/bob"},
                new String[] {"command", "PUT", "/v1/admin/client-limits/bob"},
                new String[] {"command", "DELETE", "/v1/admin/client-limits/bob"},
                new String[] {"projection", "GET", "/v1/stats/events-per-minute"},
                new String[] {"projection", "GET", "/v1/stats/clients/alice"},
                new String[] {"projection", "GET", "/v1/stats/totals"},
                new String[] {"projection", "GET", "/v1/stats/series/events-per-minute-by-client?" + since},
                new String[] {"projection", "GET", "/v1/projections"},
                new String[] {"query", "GET", "/v1/accounts"},
                new String[] {"query", "GET", "/v1/accounts/" + f.victim},
                new String[] {"query", "GET", "/v1/accounts/" + f.victim + "/transactions"},
                new String[] {"query", "GET", "/v1/transfers/" + f.aliceTransfer},
                new String[] {"query", "GET", "/v1/commands/" + f.aliceCommandId},
                new String[] {"query", "GET", "/v1/stats"},
                new String[] {"query", "GET", "/v1/live/accounts"},
                new String[] {"query", "GET", "/v1/live/accounts/" + f.victim},
                new String[] {"query", "GET", "/v1/live/stats"});
        return routes.stream().map(r -> f.refused("anonymous " + r[1] + " " + r[2] + " on the " + r[0] + " service",
                () -> f.call(service(r[0]), r[1], r[2], null, Map.of("Idempotency-Key", "k-" + r[2].hashCode()),
                        r[1].equals("GET") || r[1].equals("DELETE") ? null : "{\"amount\":1,\"capacity\":1,\"refillTokens\":1,\"refillPeriodMillis\":1000}"),
                401)).toList();
    }

    /** Off in every service: anonymous callers are refused, and an administrator finds nothing either. */
    List<DynamicTest> management() {
        List<String[]> endpoints = List.of(new String[] {"GET", "/beans"}, new String[] {"GET", "/routes"}, new String[] {"GET", "/threaddump"},
                new String[] {"GET", "/env"}, new String[] {"GET", "/metrics"}, new String[] {"GET", "/flyway"}, new String[] {"GET", "/loggers"},
                new String[] {"GET", "/info"}, new String[] {"GET", "/caches"}, new String[] {"POST", "/refresh"}, new String[] {"POST", "/stop"});
        List<DynamicTest> cases = new ArrayList<>();
        for (String service : List.of("command", "projection", "query")) {
            for (String[] endpoint : endpoints) {
                cases.add(f.refused(service + ": anonymous " + endpoint[0] + " " + endpoint[1],
                        () -> f.call(service(service), endpoint[0], endpoint[1], null, Map.of(), endpoint[0].equals("POST") ? "{}" : null), 401, 404));
                cases.add(f.refused(service + ": admin " + endpoint[0] + " " + endpoint[1] + " (switched off)",
                        () -> f.call(service(service), endpoint[0], endpoint[1], f.admin, Map.of(), endpoint[0].equals("POST") ? "{}" : null), 403, 404));
            }
        }
        return cases;
    }

    /** The short list of what anyone may call: probes (status only) and the scrape (no client in it). */
    List<DynamicTest> allowList() {
        List<DynamicTest> cases = new ArrayList<>();
        for (String service : List.of("command", "projection", "query")) {
            cases.add(DynamicTest.dynamicTest(service + ": /health answers its status only", () -> {
                RawHttp.Answer health = f.get(service(service), "/health", null);
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.json().has("details")).as(health.body()).isFalse();
            }));
            for (String probe : List.of("/health/liveness", "/health/readiness")) {
                cases.add(DynamicTest.dynamicTest(service + ": " + probe + " is open to probes", () ->
                        assertThat(f.get(service(service), probe, null).status()).isEqualTo(200)));
            }
            cases.add(DynamicTest.dynamicTest(service + ": /prometheus names no client", () -> {
                RawHttp.Answer scrape = f.get(service(service), "/prometheus", null);
                assertThat(scrape.status()).isEqualTo(200);
                assertThat(scrape.body()).doesNotContain("client=\"alice\"", "client=\"bob\"", "client=\"ops\"", f.victim);
            }));
        }
        return cases;
    }

    /** Each role does what it is for and nothing else. */
    List<DynamicTest> roles() {
        String writer = f.stack.token("alice", "commands:write");
        String reader = f.stack.token("alice", "queries:read");
        String auditor = f.stack.token("audit-1", "auditor");
        String deposit = "{\"amount\":1}";
        return List.of(
                f.refused("a writer without queries:read reads its own account", () -> f.get(f.query, "/v1/accounts/" + f.victim, writer), 403),
                f.refused("a writer without queries:read lists accounts", () -> f.get(f.query, "/v1/accounts", writer), 403),
                f.refused("a writer opens a live stream", () -> f.get(f.query, "/v1/live/accounts", writer), 403),
                f.refused("a reader sends a command", () -> f.post(f.command, "/v1/commands/account/" + f.victim + "/Deposit", reader, deposit), 403),
                f.refused("a dashboard sends a command", () -> f.post(f.command, "/v1/commands/account/" + f.victim + "/Deposit", f.dashboard, deposit), 403),
                f.refused("an auditor sends a command", () -> f.post(f.command, "/v1/commands/account/" + f.victim + "/Deposit", auditor, deposit), 403),
                f.refused("a writer reads client limits", () -> f.get(f.command, "/v1/admin/client-limits", writer), 403),
                f.refused("a writer sets its own limit", () -> f.call(f.command, "PUT", "/v1/admin/client-limits/alice", writer, Map.of(),
                        "{\"capacity\":1000000,\"refillTokens\":1000000,\"refillPeriodMillis\":1000}"), 403),
                f.refused("a writer removes another's limit", () -> f.call(f.command, "DELETE", "/v1/admin/client-limits/bob", writer, Map.of(), null), 403),
                f.refused("a reader reads the money totals", () -> f.get(f.projection, "/v1/stats/totals", f.bob), 403),
                f.refused("a reader reads events per minute by client", () -> f.get(f.projection, "/v1/stats/events-per-minute?by=client", f.bob), 403),
                f.refused("a reader reads the projections' progress", () -> f.get(f.projection, "/v1/projections", f.bob), 403),
                f.refused("a reader reads another client's rates", () -> f.get(f.projection, "/v1/stats/clients/alice", f.bob), 403),
                DynamicTest.dynamicTest("control: a client reads its own rates", () ->
                        assertThat(f.get(f.projection, "/v1/stats/clients/bob", f.bob).status()).isEqualTo(200)),
                DynamicTest.dynamicTest("control: a dashboard reads the totals", () ->
                        assertThat(f.get(f.projection, "/v1/stats/totals", f.dashboard).status()).isEqualTo(200)));
    }

    private URI service(String name) {
        return switch (name) {
            case "command" -> f.command;
            case "projection" -> f.projection;
            default -> f.query;
        };
    }
}
