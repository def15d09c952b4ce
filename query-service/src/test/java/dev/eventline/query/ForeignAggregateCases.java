package dev.eventline.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventline.testkit.Http;
import org.junit.jupiter.api.DynamicTest;

/**
 * OWASP API1 (broken object-level authorization): bob probes alice's aggregates. Each case asks
 * the same question about alice's account (or transfer, or command) and about one that does not
 * exist, and requires the two answers to be the same: status, code, body (ids aside) and the
 * headers that could carry state. Nothing of alice's may change.
 */
final class ForeignAggregateCases {

    private final SecurityFixture f;

    ForeignAggregateCases(SecurityFixture fixture) {
        this.f = fixture;
    }

    List<DynamicTest> reads() {
        String unknownCommand = UUID.randomUUID().toString();
        return List.of(
                alike("GET an account", id -> f.get(f.query, "/v1/accounts/" + id, f.bob), 404),
                alike("GET an account's transactions", id -> f.get(f.query, "/v1/accounts/" + id + "/transactions", f.bob), 404),
                alike("GET a live stream of an account", id -> f.get(f.query, "/v1/live/accounts/" + id, f.bob), 404),
                alike("list accounts by their owner", owner -> f.get(f.query, "/v1/accounts?owner=" + owner, f.bob),
                        "alice", "nobody-" + f.suffix, 400),
                alike("GET a transfer", id -> f.get(f.query, "/v1/transfers/" + id, f.bob), f.aliceTransfer, "t-missing-" + f.suffix, 404),
                alike("GET a command's status", id -> f.get(f.query, "/v1/commands/" + id, f.bob), f.aliceCommandId, unknownCommand, 200),
                alike("wait for a position token on one's own account",
                        id -> f.call(f.query, "GET", "/v1/accounts/" + f.bobAccount, f.bob, Map.of("Eventline-Position", "account/" + id + "@1"), null), 503),
                alike("wait for a position token as a query parameter",
                        id -> f.get(f.query, "/v1/accounts/" + f.bobAccount + "?position=account/" + id + "@2", f.bob), 503),
                alike("wait for a transfer's position token",
                        id -> f.get(f.query, "/v1/accounts/" + f.bobAccount + "?position=transfer/" + id + "@1", f.bob),
                        f.aliceTransfer, "t-missing-" + f.suffix, 503),
                alike("GET an account through the generic route", id -> f.get(f.query, "/v1/aggregates/account/" + id, f.bob), 404),
                alike("GET an account's history through the generic route",
                        id -> f.get(f.query, "/v1/aggregates/account/" + id + "/events", f.bob), 404),
                alike("GET a live stream of an account through the generic route",
                        id -> f.get(f.query, "/v1/live/aggregates/account/" + id, f.bob), 404),
                alike("GET a transfer through the generic route", id -> f.get(f.query, "/v1/aggregates/transfer/" + id, f.bob),
                        f.aliceTransfer, "t-missing-" + f.suffix, 404),
                alike("list accounts by their owner through the generic route",
                        owner -> f.get(f.query, "/v1/aggregates/account?owner=" + owner, f.bob), "alice", "nobody-" + f.suffix, 400),
                alike("wait for a position token on the generic route",
                        id -> f.get(f.query, "/v1/aggregates/account/" + f.bobAccount + "?position=account/" + id + "@1", f.bob), 503));
    }

    List<DynamicTest> writes() {
        List<DynamicTest> cases = new ArrayList<>();
        for (String[] command : List.of(new String[] {"Withdraw", "{\"amount\":1}"}, new String[] {"Deposit", "{\"amount\":1}"},
                new String[] {"Freeze", "{}"}, new String[] {"Unfreeze", "{}"}, new String[] {"Close", "{}"})) {
            cases.add(alike(command[0], id -> f.post(f.command, "/v1/commands/account/" + id + "/" + command[0], f.bob, command[1]), 404));
        }
        for (String ifMatch : List.of("\"0\"", "\"2\"", "\"3\"", "\"99\"")) {
            // The victim is at 3: even naming it right must not tell it apart from a missing account.
            cases.add(alike("Withdraw with If-Match " + ifMatch, id -> f.call(f.command, "POST", "/v1/commands/account/" + id + "/Withdraw", f.bob,
                    Map.of("Idempotency-Key", UUID.randomUUID().toString(), "If-Match", ifMatch), "{\"amount\":1}"), 404, 409));
        }
        cases.add(f.refused("open an account over a taken id (refused, version untold)", () -> {
            RawHttp.Answer taken = f.post(f.command, "/v1/commands/account/" + f.victim + "/OpenAccount", f.bob, "{\"currency\":\"USD\"}");
            assertThat(taken.json().get("currentVersion").asLong()).isZero();
            return taken;
        }, 409, 422));
        return cases;
    }

    /** Transfers: a source bob does not own fails like a missing one; any refused destination reads alike. */
    List<DynamicTest> transfers() {
        return List.of(
                DynamicTest.dynamicTest("transfer from another client's account fails like one from a missing account", () -> {
                    Map<String, String> foreign = transfer(f.victim, f.bobAccount);
                    Map<String, String> missing = transfer(f.missing, f.bobAccount);
                    assertThat(foreign.get("status")).isEqualTo(missing.get("status")).isEqualTo("FAILED");
                    assertThat(foreign.get("failureCode")).isEqualTo(missing.get("failureCode"));
                    assertThat(foreign.get("failureReason")).isEqualTo(missing.get("failureReason").replace(f.missing, f.victim));
                    assertThat(f.victimVersionAsRead()).isEqualTo(f.victimVersion);
                }),
                DynamicTest.dynamicTest("transfer to a frozen account of another client fails like one to a missing account", () -> {
                    Map<String, String> frozen = transfer(f.bobAccount, f.frozen);
                    Map<String, String> missing = transfer(f.bobAccount, f.missing);
                    assertThat(frozen.get("status")).isEqualTo(missing.get("status")).isEqualTo("COMPENSATED");
                    assertThat(frozen.get("failureCode")).isEqualTo(missing.get("failureCode")).isEqualTo("DESTINATION_REFUSED");
                    assertThat(frozen.get("failureReason")).isEqualTo(missing.get("failureReason"));
                }));
    }

    private Map<String, String> transfer(String from, String to) {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
        f.accepted(f.bob, "transfer", id, "RequestTransfer", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":5}");
        return f.finalTransfer(f.bob, id);
    }

    private DynamicTest alike(String name, Function<String, RawHttp.Answer> ask, Integer... statuses) {
        return alike(name, ask, f.victim, f.missing, statuses);
    }

    private DynamicTest alike(String name, Function<String, RawHttp.Answer> ask, String foreignId, String missingId, Integer... statuses) {
        return DynamicTest.dynamicTest(name + ": foreign reads like missing", () -> {
            RawHttp.Answer foreign = ask.apply(foreignId);
            RawHttp.Answer missing = ask.apply(missingId);
            assertThat(foreign.status()).as(foreign.body()).isIn((Object[]) statuses).isEqualTo(missing.status());
            assertThat(comparable(foreign, foreignId)).as("body").isEqualTo(comparable(missing, missingId));
            for (String header : List.of("etag", "last-modified", "retry-after", "eventline-position")) {
                assertThat(foreign.header(header) == null ? null : foreign.header(header).replace(foreignId, "<id>")).as(header)
                        .isEqualTo(missing.header(header) == null ? null : missing.header(header).replace(missingId, "<id>"));
            }
            assertThat(f.victimVersionAsRead()).isEqualTo(f.victimVersion);
        });
    }

    /** The body with the asked id in place of itself, and the per-request members left out. */
    private static JsonNode comparable(RawHttp.Answer answer, String id) {
        JsonNode body = Http.parse(answer.body().isBlank() ? "{}" : answer.body().replace(id, "<id>"));
        if (body instanceof ObjectNode object) {
            object.remove(List.of("correlationId", "commandId", "instance"));
        }
        return body;
    }
}
