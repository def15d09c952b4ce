package dev.eventline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.eventline.testkit.Http.Answer;
import org.junit.jupiter.api.DynamicTest;

/**
 * The running platform an attacker faces, with two clients: alice (the victim, who owns an account
 * with money, a frozen account and a transfer) and bob (the attacker, with an account of his own).
 * Every case asserts its status, that the answer is a problem document, and that the victim's
 * account is still at the version it had: nothing was written.
 */
final class SecurityFixture implements AutoCloseable {

    final LedgerStack stack;
    final URI command;
    final URI projection;
    final URI query;
    final ForgedTokens forged;
    final String alice;
    final String bob;
    final String admin;
    final String dashboard;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String victim = "acc-victim-" + suffix;
    final String bobAccount = "acc-bob-" + suffix;
    final String frozen = "acc-frozen-" + suffix;
    final String savings = "acc-savings-" + suffix;
    final String missing = "acc-missing-" + suffix;
    final String aliceTransfer = "t-alice-" + suffix;
    final String aliceCommandId;
    final long victimVersion;

    SecurityFixture() {
        // Short read-your-writes wait: a foreign position token must wait it out like a missing one.
        stack = LedgerStack.start(Map.of("eventline.query.position-wait", "1s"));
        command = stack.writeSide.commandService();
        projection = stack.writeSide.projectionService();
        query = stack.queries.base;
        forged = new ForgedTokens(stack.keys);
        alice = stack.token("alice", "commands:write", "queries:read");
        bob = stack.token("bob", "commands:write", "queries:read");
        admin = stack.token("ops", "admin");
        dashboard = stack.token("wallboard", "dashboard");

        accepted(alice, "account", victim, "OpenAccount", "{\"currency\":\"EUR\"}");
        accepted(alice, "account", victim, "Deposit", "{\"amount\":1000}");
        accepted(bob, "account", bobAccount, "OpenAccount", "{\"currency\":\"EUR\"}");
        accepted(bob, "account", bobAccount, "Deposit", "{\"amount\":500}");
        accepted(alice, "account", frozen, "OpenAccount", "{\"currency\":\"EUR\"}");
        accepted(alice, "account", frozen, "Freeze", "{}");
        accepted(alice, "account", savings, "OpenAccount", "{\"currency\":\"EUR\"}");
        // Between alice's own accounts: bob owns neither side, so nothing of it is his to see.
        aliceCommandId = accepted(alice, "transfer", aliceTransfer, "RequestTransfer",
                "{\"from\":\"" + victim + "\",\"to\":\"" + savings + "\",\"amount\":10}").json().get("commandId").asText();
        assertThat(finalTransfer(alice, aliceTransfer).get("status")).isEqualTo("COMPLETED");
        victimVersion = 3; // opened, deposited, debited for the transfer
        await().atMost(Duration.ofSeconds(30)).until(() -> victimVersionAsRead() == victimVersion);
    }

    Answer accepted(String token, String type, String id, String commandType, String body) {
        Answer answer = stack.commands.command(token, type, id, commandType, body);
        assertThat(answer.status()).as(answer.body()).isIn(200, 201);
        return answer;
    }

    /** A transfer once it has settled (completed, failed or compensated), as its requester reads it. */
    Map<String, String> finalTransfer(String token, String id) {
        Map<String, String> seen = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Answer read = stack.queries.get("/v1/transfers/" + id, token);
            if (read.status() != 200) {
                return false;
            }
            read.json().fields().forEachRemaining(field -> seen.put(field.getKey(), field.getValue().asText()));
            return Arrays.asList("COMPLETED", "FAILED", "COMPENSATED").contains(seen.get("status"));
        });
        return seen;
    }

    long victimVersionAsRead() {
        Answer read = stack.queries.get("/v1/accounts/" + victim, alice);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return read.json().get("version").asLong();
    }

    /** The version the decide stage holds: a withdrawal past the balance is refused there, tells it and writes nothing. */
    long victimVersionAsDecided() {
        Answer probe = stack.commands.command(alice, "account", victim, "Withdraw", "{\"amount\":1000000}");
        assertThat(probe.status()).as(probe.body()).isEqualTo(422);
        return probe.json().get("currentVersion").asLong();
    }

    RawHttp.Answer call(URI service, String method, String target, String token, Map<String, String> headers, String body) {
        Map<String, String> all = new LinkedHashMap<>();
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        if (body != null && !headers.containsKey("Content-Type")) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        return RawHttp.send(service, method, target, all, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    RawHttp.Answer get(URI service, String target, String token) {
        return call(service, "GET", target, token, Map.of(), null);
    }

    RawHttp.Answer post(URI service, String target, String token, String body) {
        return call(service, "POST", target, token, Map.of("Idempotency-Key", UUID.randomUUID().toString()), body);
    }

    /** One case: refused with one of the statuses, as a problem document, and the victim untouched. */
    DynamicTest refused(String name, Supplier<RawHttp.Answer> request, Integer... statuses) {
        return DynamicTest.dynamicTest(name, () -> {
            RawHttp.Answer answer = request.get();
            assertThat(answer.status()).as(name + ": " + answer.body()).isIn((Object[]) statuses);
            assertThat(answer.isProblem()).as(name + " answers a problem document: " + answer.headers() + " " + answer.body()).isTrue();
            assertThat(victimVersionAsRead()).as(name + " wrote nothing").isEqualTo(victimVersion);
        });
    }

    @Override
    public void close() {
        stack.close();
    }
}
