package dev.eventline.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DynamicTest;

/**
 * Input no honest client sends, on every service: bodies (trailing data, depth, huge numbers,
 * bad bytes), ids and query parameters (NUL and other control characters, lengths, shapes),
 * headers. Each is a 4xx problem document that changes nothing, never a 5xx.
 */
final class HostileInputCases {

    private final SecurityFixture f;

    HostileInputCases(SecurityFixture fixture) {
        this.f = fixture;
    }

    List<DynamicTest> commandBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("JSON then a NUL byte", "{\"amount\":1}\u0000");
        bodies.put("JSON then garbage", "{\"amount\":1}x");
        bodies.put("two JSON values", "{\"amount\":1}{\"amount\":1}");
        bodies.put("nested 100 deep", "{\"amount\":" + "[".repeat(100) + "]".repeat(100) + "}");
        bodies.put("nested 2000 deep", "[".repeat(2000) + "]".repeat(2000));
        bodies.put("a number of 5000 digits", "{\"amount\":" + "9".repeat(5000) + "}");
        bodies.put("a number past long", "{\"amount\":99999999999999999999}");
        bodies.put("an exponent past double", "{\"amount\":1e400}");
        bodies.put("a fraction", "{\"amount\":1.5}");
        bodies.put("a string of 20,000 characters", "{\"amount\":\"" + "9".repeat(20_000) + "\"}");
        bodies.put("a string for a number", "{\"amount\":\"1\"}");
        bodies.put("a duplicate member", "{\"amount\":1,\"amount\":1000000}");
        bodies.put("an unknown member", "{\"amount\":1,\"owner\":\"bob\"}");
        bodies.put("an array", "[{\"amount\":1}]");
        bodies.put("no amount", "{}");
        bodies.put("null", "null");
        bodies.put("unterminated", "{\"amount\":");
        bodies.put("a lone surrogate", "{\"amount\":1,\"note\":\"\\ud800\"}");
        List<DynamicTest> cases = new ArrayList<>();
        bodies.forEach((name, body) -> cases.add(f.refused("command body: " + name,
                () -> f.post(f.command, "/v1/commands/account/" + f.victim + "/Deposit", f.alice, body), 400)));
        cases.add(f.refused("command body: bytes that are not UTF-8", () -> RawHttp.send(f.command, "POST",
                "/v1/commands/account/" + f.victim + "/Deposit", headers(f.alice), new byte[] {'{', '"', 'a', (byte) 0xff, (byte) 0xfe, '"', '}'}), 400));
        cases.add(f.refused("command body: text/plain", () -> f.call(f.command, "POST", "/v1/commands/account/" + f.victim + "/Deposit", f.alice,
                Map.of("Content-Type", "text/plain", "Idempotency-Key", UUID.randomUUID().toString()), "{\"amount\":1}"), 415));
        cases.add(f.refused("command body: 70 KiB", () -> f.post(f.command, "/v1/commands/account/" + f.victim + "/Freeze", f.alice,
                "{\"reason\":\"" + "x".repeat(70_000) + "\"}"), 413));
        cases.add(f.refused("command body: a negative amount", () -> f.post(f.command, "/v1/commands/account/" + f.victim + "/Deposit", f.alice,
                "{\"amount\":-5}"), 400));
        cases.add(f.refused("command body: more than the balance", () -> f.post(f.command, "/v1/commands/account/" + f.victim + "/Withdraw", f.alice,
                "{\"amount\":99999999}"), 422));
        return cases;
    }

    List<DynamicTest> commandTargets() {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("an id with NUL", "/v1/commands/account/acc%00x/Deposit");
        targets.put("an id with a line feed", "/v1/commands/account/acc%0Ax/Deposit");
        targets.put("an id with DEL", "/v1/commands/account/acc%7Fx/Deposit");
        targets.put("an id with a space", "/v1/commands/account/acc%20x/Deposit");
        targets.put("an id with a non-ASCII letter", "/v1/commands/account/acc%C3%A9/Deposit");
        targets.put("an id of 200 characters", "/v1/commands/account/" + "a".repeat(200) + "/Deposit");
        targets.put("a type that forges a log line", "/v1/commands/forged%0AINFO-admin-login/" + f.victim + "/Deposit");
        targets.put("an unregistered type", "/v1/commands/forged-type-" + f.suffix + "/" + f.victim + "/Deposit");
        targets.put("a command type with NUL", "/v1/commands/account/" + f.victim + "/Dep%00osit");
        targets.put("an unknown command type", "/v1/commands/account/" + f.victim + "/Embezzle");
        targets.put("a platform-only command", "/v1/commands/account/" + f.victim + "/CreditForTransfer");

        List<DynamicTest> cases = new ArrayList<>();
        targets.forEach((name, target) -> cases.add(f.refused("command target: " + name,
                () -> RawHttp.send(f.command, "POST", target, headers(f.alice), "{\"amount\":1}".getBytes(StandardCharsets.UTF_8)), 400, 404)));
        // Netty refuses the request line itself; what it answers is still a problem document.
        cases.add(f.refused("command target: a raw control character", () -> RawHttp.send(f.command, "POST",
                "/v1/commands/account/acc\u0001x/Deposit", headers(f.alice), "{\"amount\":1}".getBytes(StandardCharsets.UTF_8)), 400, 401));
        cases.add(DynamicTest.dynamicTest("command target: nothing unchecked became a metric label", () ->
                assertThat(f.get(f.command, "/prometheus", null).body()).doesNotContain("forged", "INFO-admin")));
        return cases;
    }

    List<DynamicTest> commandHeaders() {
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("no Idempotency-Key", Map.of("Authorization", "Bearer " + f.alice, "Content-Type", "application/json"));
        variants.put("an Idempotency-Key with a control character", with(headers(f.alice), "Idempotency-Key", "key\u0001x"));
        variants.put("an Idempotency-Key of 300 characters", with(headers(f.alice), "Idempotency-Key", "k".repeat(300)));
        variants.put("an Idempotency-Key with a space", with(headers(f.alice), "Idempotency-Key", "a b"));
        variants.put("If-Match that is not a version", with(headers(f.alice), "If-Match", "\"abc\""));
        variants.put("If-Match with DEL", with(headers(f.alice), "If-Match", "\"3\u007f\""));
        variants.put("If-Match past long", with(headers(f.alice), "If-Match", "\"99999999999999999999\""));
        variants.put("a correlation id with a control character", with(headers(f.alice), "X-Correlation-Id", "c\u0002d"));
        variants.put("a Content-Type with NUL", with(headers(f.alice), "Content-Type", "application/json\u0000"));
        List<DynamicTest> cases = new ArrayList<>();
        variants.forEach((name, headers) -> cases.add(f.refused("command header: " + name, () -> RawHttp.send(f.command, "POST",
                "/v1/commands/account/" + f.victim + "/Deposit", headers, "{\"amount\":1}".getBytes(StandardCharsets.UTF_8)), 400)));
        return cases;
    }

    List<DynamicTest> queryInput() {
        Map<String, String> targets = new LinkedHashMap<>();
        for (String route : List.of("/v1/accounts/", "/v1/transfers/", "/v1/commands/", "/v1/live/accounts/")) {
            targets.put(route + " with NUL", route + "acc%00x");
            targets.put(route + " with a line feed", route + "acc%0Ax");
            targets.put(route + " of 200 characters", route + "a".repeat(200));
        }
        targets.put("transactions of an id with NUL", "/v1/accounts/acc%00x/transactions");
        for (String parameter : List.of("status", "currency", "owner", "sort", "cursor", "fields", "position", "limit", "minBalance", "wait")) {
            targets.put("list with NUL in " + parameter, "/v1/accounts?" + parameter + "=a%00b");
        }
        targets.put("list with minBalance not a number", "/v1/accounts?minBalance=abc");
        targets.put("list with maxBalance past long", "/v1/accounts?maxBalance=1e99");
        targets.put("list with an unknown sort", "/v1/accounts?sort=password");
        targets.put("list with limit 0", "/v1/accounts?limit=0");
        targets.put("list with limit 100000", "/v1/accounts?limit=100000");
        targets.put("list with a forged cursor", "/v1/accounts?cursor=eyJpZCI6IicgT1IgMT0xIn0");
        targets.put("list with an unknown field", "/v1/accounts?fields=owner,secret");
        targets.put("a malformed position token", "/v1/accounts/" + f.victim + "?position=account/x@y");
        targets.put("a position token of an unknown type", "/v1/accounts/" + f.victim + "?position=invoice/x@1");
        targets.put("a long-poll wait that is not a number", "/v1/accounts/" + f.victim + "?wait=soon");
        targets.put("transactions before a version that is not a number", "/v1/accounts/" + f.victim + "/transactions?before=abc");
        targets.put("a target of 10,000 characters", "/v1/accounts/" + f.victim + "?status=" + "a".repeat(10_000));
        for (String route : List.of("/v1/aggregates/account/", "/v1/live/aggregates/account/")) {
            targets.put(route + " with NUL", route + "acc%00x");
            targets.put(route + " of 200 characters", route + "a".repeat(200));
        }
        targets.put("an unregistered aggregate type", "/v1/aggregates/forged-" + f.suffix + "/" + f.victim);
        targets.put("a type that forges a log line", "/v1/aggregates/forged%0AINFO-admin/" + f.victim);
        targets.put("generic history after a version that is not a number", "/v1/aggregates/account/" + f.victim + "/events?after=abc");
        targets.put("generic list with a state path of SQL", "/v1/aggregates/account?state.status')%20or%20('1=ACTIVE");
        targets.put("generic list with a state path 6 deep", "/v1/aggregates/account?state.a.b.c.d.e.f=1");
        targets.put("generic list with an empty state path", "/v1/aggregates/account?state.=1");
        targets.put("generic list with 9 state filters", "/v1/aggregates/account?" + "state.status=A&".repeat(9));
        targets.put("generic list with an unknown sort", "/v1/aggregates/account?sort=state");
        targets.put("generic list with a forged cursor", "/v1/aggregates/account?sort=updatedAt&cursor=dXBkYXRlZEF0CnllcwphY2M");
        targets.put("generic list with an unknown field", "/v1/aggregates/account?fields=id,secret");
        List<DynamicTest> cases = new ArrayList<>();
        targets.forEach((name, target) -> cases.add(f.refused("query: " + name, () -> f.get(f.query, target, f.alice), 400, 404, 413, 414)));
        cases.add(f.refused("query header: a position token with a control character", () -> f.call(f.query, "GET", "/v1/accounts/" + f.victim,
                f.alice, Map.of("Eventline-Position", "account/" + f.victim + "@1\u0001"), null), 400));
        cases.add(f.refused("query header: Last-Event-ID with a control character", () -> f.call(f.query, "GET", "/v1/live/accounts", f.alice,
                Map.of("Last-Event-ID", "0:1\u0001"), null), 400));
        cases.add(f.refused("query header: Last-Event-ID that is no position", () -> f.call(f.query, "GET", "/v1/live/accounts", f.alice,
                Map.of("Last-Event-ID", "0:abc"), null), 400));
        cases.add(f.refused("query header: If-None-Match with NUL", () -> f.call(f.query, "GET", "/v1/accounts/" + f.victim, f.alice,
                Map.of("If-None-Match", "\"3\u0000\""), null), 400));
        return cases;
    }

    List<DynamicTest> projectionInput() {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("series from a bad instant", "/v1/stats/series/events-per-minute-by-client?from=yesterday&to=2026-01-01T00:00:00Z");
        targets.put("series to a bad instant", "/v1/stats/series/events-per-minute-by-client?from=2026-01-01T00:00:00Z&to=%00");
        targets.put("series of an unknown store", "/v1/stats/series/passwords?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        targets.put("events per minute by an unknown key", "/v1/stats/events-per-minute?by=password");
        targets.put("events per minute over minutes that are no number", "/v1/stats/events-per-minute?minutes=abc");
        targets.put("events per minute over a year", "/v1/stats/events-per-minute?minutes=525600");
        targets.put("a client id with NUL", "/v1/stats/clients/a%00b");
        targets.put("a client id of 200 characters", "/v1/stats/clients/" + "a".repeat(200));
        List<DynamicTest> cases = new ArrayList<>();
        targets.forEach((name, target) -> cases.add(f.refused("projection: " + name, () -> f.get(f.projection, target, f.dashboard), 400, 404)));
        return cases;
    }

    List<DynamicTest> adminApi() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("malformed JSON", "{\"capacity\":");
        bodies.put("JSON then garbage", "{\"capacity\":1,\"refillTokens\":1,\"refillPeriodMillis\":1000}}");
        bodies.put("nested 2000 deep", "[".repeat(2000) + "]".repeat(2000));
        bodies.put("a number of 5000 digits", "{\"capacity\":" + "9".repeat(5000) + ",\"refillTokens\":1,\"refillPeriodMillis\":1000}");
        bodies.put("a negative capacity", "{\"capacity\":-1,\"refillTokens\":1,\"refillPeriodMillis\":1000}");
        bodies.put("an array", "[]");
        List<DynamicTest> cases = new ArrayList<>();
        bodies.forEach((name, body) -> cases.add(f.refused("admin API: " + name,
                () -> f.call(f.command, "PUT", "/v1/admin/client-limits/bob", f.admin, Map.of(), body), 400)));
        for (String client : List.of("a%00b", "a%0Ab", "a%20b", "x".repeat(200))) {
            cases.add(f.refused("admin API: client id " + (client.length() > 20 ? "of 200 characters" : client),
                    () -> f.call(f.command, "PUT", "/v1/admin/client-limits/" + client, f.admin, Map.of(),
                            "{\"capacity\":1,\"refillTokens\":1,\"refillPeriodMillis\":1000}"), 400));
        }
        return cases;
    }

    private Map<String, String> headers(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Content-Type", "application/json");
        headers.put("Idempotency-Key", UUID.randomUUID().toString());
        return headers;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(headers);
        changed.put(name, value);
        return changed;
    }
}
