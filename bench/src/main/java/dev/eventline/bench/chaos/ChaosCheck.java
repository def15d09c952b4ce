package dev.eventline.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventline.bench.ReplayRun;
import dev.eventline.bench.chaos.LoggedEvents.Folded;

/**
 * The independent checker, in the manner of Jepsen's bank test, once the faults are over and the
 * platform has settled: every command got a definitive answer; every acknowledged command's events
 * are in the log exactly once, with the ids its answer gave; a refused command has no event; no
 * event id appears twice; each account's balance and version in the read model equal the fold of
 * the log, and the query API serves them; money is conserved (the balances add up to the
 * acknowledged deposits less the acknowledged withdrawals, every transfer finished); and
 * {@code replay verify} passes (gapless versions, hash chains, archive and read models).
 */
final class ChaosCheck {

    /** What was found wrong (nothing, when all holds), and the figures of the run. */
    record Outcome(List<String> violations, Map<String, Object> figures) {

        boolean ok() {
            return violations.isEmpty();
        }
    }

    private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "COMPENSATED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final String namespace;
    private final List<Sent> sent;
    private final List<String> violations = new ArrayList<>();

    private ChaosCheck(Map<String, String> env, String namespace, List<Sent> sent) {
        this.env = env;
        this.namespace = namespace;
        this.sent = sent;
    }

    static Outcome run(Map<String, String> env, String namespace, List<Sent> sent, URI queries, String token, HttpClient http) throws Exception {
        return new ChaosCheck(env, namespace, sent).check(queries, token, http);
    }

    private Outcome check(URI queries, String token, HttpClient http) throws Exception {
        long unanswered = sent.stream().filter(s -> s.status() < 0).count();
        if (unanswered > 0) {
            violations.add(unanswered + " commands got no definitive answer");
        }
        Snapshot settled = settle();
        if (!settled.settled()) {
            violations.add("the read models did not settle within 3 minutes of the last command");
        }
        LoggedEvents log = settled.log();
        Map<String, Folded> readModel = settled.readModel();
        violations.addAll(BankCheck.violations(sent, log, readModel));
        served(readModel, queries, token, http);
        JsonNode verify = ReplayRun.run(env, namespace, "verify");
        if (!verify.get("ok").asBoolean()) {
            violations.add("replay verify: " + verify.get("brokenAggregates") + " " + verify.get("readModelDifferences"));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("commands", sent.size());
        figures.put("acknowledged", sent.stream().filter(Sent::acknowledged).count());
        figures.put("refused", sent.stream().filter(Sent::refused).count());
        figures.put("unanswered", unanswered);
        figures.put("sentMoreThanOnce", sent.stream().filter(s -> s.attempts() > 1).count());
        figures.put("events", log.events().size());
        figures.put("accounts", log.accounts().size());
        figures.put("money", log.accounts().values().stream().mapToLong(Folded::balance).sum());
        figures.put("verify", verify.get("ok").asBoolean());
        return new Outcome(List.copyOf(violations), figures);
    }

    /** The log and the read model once every transfer finished and every account's row reached its last event (or after 3 minutes). */
    private record Snapshot(LoggedEvents log, Map<String, Folded> readModel, boolean settled) {
    }

    private Snapshot settle() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            LoggedEvents log = LoggedEvents.read(env, namespace);
            Map<String, Folded> readModel = accounts();
            boolean settled = transfersFinished() && log.accounts().entrySet().stream()
                    .allMatch(a -> readModel.containsKey(a.getKey()) && readModel.get(a.getKey()).version() == a.getValue().version());
            if (settled || System.nanoTime() > deadline) {
                return new Snapshot(log, readModel, settled);
            }
            Thread.sleep(500);
        }
    }

    /** Each account's balance as the query API serves it equals the read model's. */
    private void served(Map<String, Folded> readModel, URI queries, String token, HttpClient http) throws Exception {
        for (Map.Entry<String, Folded> account : readModel.entrySet()) {
            HttpRequest request = HttpRequest.newBuilder(queries.resolve("/v1/accounts/" + account.getKey())).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).GET().build();
            HttpResponse<String> answer;
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (true) {
                try {
                    answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 503 || System.nanoTime() > deadline) {
                        break;
                    }
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw e; // the query service is still not back
                    }
                }
                Thread.sleep(200);
            }
            long balance = answer.statusCode() == 200 ? JSON.readTree(answer.body()).get("balance").asLong() : Long.MIN_VALUE;
            if (balance != account.getValue().balance()) {
                violations.add("the query API serves " + account.getKey() + " as " + answer.statusCode() + " " + answer.body()
                        + ", the read model holds " + account.getValue());
            }
        }
    }

    private boolean transfersFinished() throws SQLException {
        Set<String> acknowledged = sent.stream().filter(s -> s.acknowledged() && s.aggregateType().equals("transfer"))
                .map(Sent::aggregateId).collect(Collectors.toSet());
        Map<String, String> statuses = rows("select id, status from transfers", rs -> rs.getString(2));
        return acknowledged.stream().allMatch(id -> statuses.containsKey(id) && FINISHED.contains(statuses.get(id)));
    }

    private Map<String, Folded> accounts() throws SQLException {
        return rows("select id, version, balance from accounts", rs -> new Folded(rs.getLong(2), rs.getLong(3)));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> Map<String, T> rows(String query, Column<T> value) throws SQLException {
        Map<String, T> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(env.get("DATASOURCES_DEFAULT_URL"), env.get("DATASOURCES_DEFAULT_USERNAME"),
                env.get("DATASOURCES_DEFAULT_PASSWORD")); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                rows.put(rs.getString(1), value.read(rs));
            }
        }
        return rows;
    }
}
