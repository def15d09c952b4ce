package dev.eventline.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Asks the platform one thing over and over while a process it depends on is away and until it
 * is served again, as a client would: every answer must come within {@code bound}, as 503 with
 * {@code Retry-After} while it is away (or a served or pending answer once it is back); no request
 * may hang or go unanswered, and the platform must recover by itself. {@link #reads} reads an
 * account through the query API (PostgreSQL away); {@link #commands} opens a new account each
 * time through the command API (the broker away: new accounts hold no money, so the bank check
 * is unaffected whether or not they land).
 */
final class OutageProbe {

    private static final Duration EVERY = Duration.ofMillis(500);

    private final HttpClient http;
    private final String what;
    private final IntFunction<HttpRequest> request;
    private final Duration bound;
    private final Set<Integer> served;
    private final Set<Integer> pending;
    private final List<String> violations = new ArrayList<>();
    private int asked;
    private long answers;
    private long unavailable;
    private long slowestMillis;

    private OutageProbe(HttpClient http, String what, IntFunction<HttpRequest> request, Duration bound, Set<Integer> served, Set<Integer> pending) {
        this.http = http;
        this.what = what;
        this.request = request;
        this.bound = bound;
        this.served = served;
        this.pending = pending;
    }

    /** Reads {@code account} through the query API: 503 within 5 s while the database is away, 200 once it is back. */
    static OutageProbe reads(HttpClient http, URI queries, String token, String account) {
        HttpRequest read = HttpRequest.newBuilder(queries.resolve("/v1/accounts/" + account)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).GET().build();
        return new OutageProbe(http, "query API while PostgreSQL was down", n -> read, Duration.ofSeconds(5), Set.of(200), Set.of());
    }

    /**
     * Opens a new account through the command API: 503 within the send timeout while the broker is
     * away, 201 once it is back; 202 (in the log, not decided within the reply timeout) while the
     * stages recover.
     */
    static OutageProbe commands(HttpClient http, URI commands, String token) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return new OutageProbe(http, "command API while the broker was down",
                n -> HttpRequest.newBuilder(commands.resolve("/v1/commands/account/probe-" + run + "-" + n + "/OpenAccount"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                        .header("Idempotency-Key", "probe-" + run + "-" + n).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"currency\":\"EUR\"}")).build(),
                Duration.ofSeconds(12), Set.of(200, 201), Set.of(202));
    }

    /** Asks until {@code until}; the database is down all along. */
    synchronized void whileDown(Instant until) throws InterruptedException {
        while (Instant.now().isBefore(until)) {
            ask(false);
            Thread.sleep(EVERY.toMillis());
        }
    }

    /** Asks until the account is served (200): the time since {@code at}, or null after 3 minutes. */
    synchronized Duration untilServed(Instant at) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (ask(true)) {
                return Duration.between(at, Instant.now());
            }
            Thread.sleep(EVERY.toMillis());
        }
        violations.add("the " + what + " was not served again within 3 minutes");
        return null;
    }

    /** One request: true when it was served. */
    private boolean ask(boolean mayBeBack) throws InterruptedException {
        long started = System.nanoTime();
        HttpResponse<String> answer;
        try {
            answer = http.send(request.apply(asked++), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            violations.add("the " + what + " did not answer: " + e);
            return false;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        answers++;
        slowestMillis = Math.max(slowestMillis, millis);
        if (millis > bound.toMillis()) {
            violations.add("the " + what + " took " + millis + " ms to answer");
        }
        int status = answer.statusCode();
        if (mayBeBack && served.contains(status)) {
            return true;
        }
        if (status == 503 && answer.headers().firstValue("Retry-After").isPresent()) {
            unavailable++;
        } else if (!(mayBeBack && pending.contains(status))) {
            violations.add("the " + what + " answered " + status + " " + answer.headers().firstValue("Retry-After").map(r -> "(Retry-After " + r + ") ")
                    .orElse("(no Retry-After) ") + answer.body());
        }
        return false;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized String summary() {
        return String.format("%s: %d answers, %d of them 503 with Retry-After, slowest %.1f s", what, answers, unavailable, slowestMillis / 1000.0);
    }
}
