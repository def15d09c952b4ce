package dev.eventline.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The load a fault meets: workers sending deposits (50%), withdrawals (30%) and transfers (20%)
 * among a few accounts, as a careful client does, each command retried with the same
 * {@code Idempotency-Key} after a failed connection, a timeout, 429 or 5xx until it gets a
 * definitive answer (2xx or another 4xx). Every command and its answer is kept for the checker.
 */
final class ChaosLoad {

    /** Answers after which a careful client sends the same command again. */
    private static final Set<Integer> RETRIED = Set.of(408, 429, 500, 502, 503, 504);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI commands;
    private final HttpClient http;
    private final String client;
    private final String token;
    private final int accounts;
    private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final AtomicLong retries = new AtomicLong();
    private volatile long giveUpAt = Long.MAX_VALUE;

    ChaosLoad(URI commands, HttpClient http, String client, String token, int accounts) {
        this.commands = commands;
        this.http = http;
        this.client = client;
        this.token = token;
        this.accounts = accounts;
    }

    String account(int index) {
        return String.format("chaos-%03d", index);
    }

    List<String> accountIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            ids.add(account(i));
        }
        return ids;
    }

    /** Opens every account with a first deposit, before any fault. */
    void openAccounts() {
        giveUpAt = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (int i = 0; i < accounts; i++) {
            send("account", account(i), "OpenAccount", "{\"currency\":\"EUR\"}", 0);
            send("account", account(i), "Deposit", "{\"amount\":1000}", 1000);
        }
    }

    /**
     * {@code workers} threads send commands while {@code going} says so; each then finishes the
     * command it has, retrying for at most {@code grace} more. Returns when all are done.
     */
    void run(BooleanSupplier going, int workers, Duration grace) throws InterruptedException {
        giveUpAt = Long.MAX_VALUE;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread thread = new Thread(() -> {
                while (going.getAsBoolean()) {
                    next();
                }
                giveUpAt = Math.min(giveUpAt, System.nanoTime() + grace.toNanos());
            }, "chaos-worker-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    long retries() {
        return retries.get();
    }

    private void next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int roll = random.nextInt(100);
        String account = account(random.nextInt(accounts));
        long amount = 1 + random.nextInt(100);
        if (roll < 50) {
            send("account", account, "Deposit", "{\"amount\":" + amount + "}", amount);
        } else if (roll < 80) {
            send("account", account, "Withdraw", "{\"amount\":" + amount + "}", amount);
        } else {
            String to = account(random.nextInt(accounts));
            send("transfer", "t-" + UUID.randomUUID(), "RequestTransfer",
                    "{\"from\":\"" + account + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}", amount);
        }
    }

    private void send(String type, String id, String command, String body, long amount) {
        String key = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(commands.resolve("/v1/commands/" + type + "/" + id + "/" + command))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (!RETRIED.contains(answer.statusCode())) {
                    sent.add(new Sent(client, key, type, id, command, amount, answer.statusCode(), eventIds(answer), attempts));
                    return;
                }
            } catch (IOException e) {
                // the service is down or restarting: the same command again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (System.nanoTime() > giveUpAt) {
                sent.add(new Sent(client, key, type, id, command, amount, -1, List.of(), attempts));
                return;
            }
            retries.incrementAndGet();
            pause(Math.min(2_000, 100L * attempts));
        }
    }

    private static List<String> eventIds(HttpResponse<String> answer) throws IOException {
        if (answer.statusCode() / 100 != 2) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode event : JSON.readTree(answer.body()).path("events")) {
            ids.add(event.get("eventId").asText());
        }
        return ids;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
