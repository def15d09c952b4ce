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

/**
 * Reads one account through the query API while the database is down and until it is served
 * again, as a dashboard would: every answer must come within {@link #BOUND}, as 503 with
 * {@code Retry-After} while the database is away (or 200 once it is back); no request may hang or
 * go unanswered, and the service must recover by itself.
 */
final class OutageProbe {

    static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration EVERY = Duration.ofMillis(500);

    private final HttpClient http;
    private final HttpRequest read;
    private final List<String> violations = new ArrayList<>();
    private long answers;
    private long unavailable;
    private long slowestMillis;

    OutageProbe(HttpClient http, URI queries, String token, String account) {
        this.http = http;
        this.read = HttpRequest.newBuilder(queries.resolve("/v1/accounts/" + account)).timeout(BOUND.multipliedBy(2))
                .header("Authorization", "Bearer " + token).GET().build();
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
        violations.add("the query API did not serve the account again within 3 minutes of the database's return");
        return null;
    }

    /** One read: true when it was served. */
    private boolean ask(boolean mayBeBack) throws InterruptedException {
        long started = System.nanoTime();
        HttpResponse<String> answer;
        try {
            answer = http.send(read, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            violations.add("the query API did not answer while the database was down: " + e);
            return false;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        answers++;
        slowestMillis = Math.max(slowestMillis, millis);
        if (millis > BOUND.toMillis()) {
            violations.add("the query API took " + millis + " ms to answer while the database was down");
        }
        int status = answer.statusCode();
        if (status == 200 && mayBeBack) {
            return true;
        }
        if (status == 503 && answer.headers().firstValue("Retry-After").isPresent()) {
            unavailable++;
        } else {
            violations.add("the query API answered " + status + " " + answer.headers().firstValue("Retry-After").map(r -> "(Retry-After " + r + ") ")
                    .orElse("(no Retry-After) ") + "while the database was down: " + answer.body());
        }
        return false;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized String summary() {
        return String.format("query API while PostgreSQL was down: %d answers, %d of them 503 with Retry-After, slowest %.1f s", answers, unavailable,
                slowestMillis / 1000.0);
    }
}
