package dev.eventline.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.LongFunction;

/**
 * The benchmark's ledger: N accounts spread over C clients (each client owns its accounts and
 * signs its commands with its own token), a skewed choice of account (Zipf, s = 1: the hottest
 * account gets about 10% of the traffic of 10,000) or a uniform one, and the command mix a ledger
 * sees: deposits, withdrawals, transfers, new accounts.
 */
public final class Ledger {

    /** Shares of the mix, in percent: deposit, withdraw, transfer; the rest opens accounts. */
    private static final int DEPOSIT = 50;
    private static final int WITHDRAW = 25;
    private static final int TRANSFER = 15;

    private final URI commands;
    private final HttpClient http;
    private final List<String> tokens;
    private final int accounts;
    private final double[] cumulative;
    private final int[] accountOfRank;
    private final String prefix;
    private final boolean uniform;
    private final AtomicLong opened = new AtomicLong();

    /** Accounts chosen by Zipf's law. */
    public Ledger(URI commands, HttpClient http, List<String> tokens, int accounts, String prefix) {
        this(commands, http, tokens, accounts, prefix, false);
    }

    /**
     * Accounts chosen by Zipf's law, or uniformly: every account as likely as any other, so that
     * the stores' caches help least (the scale run).
     */
    public Ledger(URI commands, HttpClient http, List<String> tokens, int accounts, String prefix, boolean uniform) {
        this.uniform = uniform;
        this.commands = commands;
        this.http = http;
        this.tokens = List.copyOf(tokens);
        this.accounts = accounts;
        this.prefix = prefix;
        this.cumulative = new double[accounts];
        double sum = 0;
        for (int rank = 0; rank < accounts; rank++) {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < accounts; rank++) {
            cumulative[rank] /= sum;
        }
        // Hot ranks land on accounts (and partitions, and clients) at random, not on account 0, 1, 2 ...
        List<Integer> shuffled = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            shuffled.add(i);
        }
        java.util.Collections.shuffle(shuffled, new Random(42));
        accountOfRank = shuffled.stream().mapToInt(Integer::intValue).toArray();
    }

    public String account(int index) {
        return prefix + String.format("%05d", index);
    }

    public String tokenOf(int account) {
        return tokens.get(account % tokens.size());
    }

    public int accounts() {
        return accounts;
    }

    /** An account index, as the ledger chooses: hot ones more often, or any alike. */
    public int chooseAccount() {
        if (uniform) {
            return ThreadLocalRandom.current().nextInt(accounts);
        }
        int rank = java.util.Arrays.binarySearch(cumulative, ThreadLocalRandom.current().nextDouble());
        return accountOfRank[Math.min(accounts - 1, rank < 0 ? -rank - 1 : rank)];
    }

    public CompletableFuture<HttpResponse<String>> open(int account, boolean async) {
        return send(tokenOf(account), "account", account(account), "OpenAccount", "{\"currency\":\"EUR\"}", async);
    }

    /** The mix as an open-loop operation: one command per call, its outcome named by the answer's status. */
    public LongFunction<CompletableFuture<String>> statuses(boolean async) {
        return due -> next(async).thenApply(answer -> String.valueOf(answer.statusCode()));
    }

    /** One command of the mix; the future's value is the answer. */
    public CompletableFuture<HttpResponse<String>> next(boolean async) {
        int roll = ThreadLocalRandom.current().nextInt(100);
        int account = chooseAccount();
        long amount = 1 + ThreadLocalRandom.current().nextInt(20);
        if (roll < DEPOSIT) {
            return send(tokenOf(account), "account", account(account), "Deposit", "{\"amount\":" + amount + "}", async);
        }
        if (roll < DEPOSIT + WITHDRAW) {
            return send(tokenOf(account), "account", account(account), "Withdraw", "{\"amount\":" + amount + "}", async);
        }
        if (roll < DEPOSIT + WITHDRAW + TRANSFER) {
            int to = ThreadLocalRandom.current().nextInt(accounts);
            return send(tokenOf(account), "transfer", "t-" + UUID.randomUUID(), "RequestTransfer",
                    "{\"from\":\"" + account(account) + "\",\"to\":\"" + account(to) + "\",\"amount\":" + amount + "}", async);
        }
        String fresh = prefix + "new-" + opened.incrementAndGet();
        return send(tokenOf(account), "account", fresh, "OpenAccount", "{\"currency\":\"EUR\"}", async);
    }

    public CompletableFuture<HttpResponse<String>> send(String token, String type, String id, String command, String body, boolean async) {
        HttpRequest.Builder request = HttpRequest.newBuilder(commands.resolve("/v1/commands/" + type + "/" + id + "/" + command))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofString(body));
        if (async) {
            request.header("Prefer", "respond-async");
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens every account, {@code parallel} at a time; returns how many got 201. */
    public long openAll(int parallel, IntConsumer progress) throws InterruptedException {
        return open(0, accounts, parallel, false, progress);
    }

    /**
     * Opens accounts {@code from} (inclusive) to {@code to}, {@code parallel} at a time; returns how
     * many were taken: 201 or 200, or with {@code async} 202 (decided later).
     */
    public long open(int from, int to, int parallel, boolean async, IntConsumer progress) throws InterruptedException {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(parallel);
        AtomicLong created = new AtomicLong();
        for (int i = from; i < to; i++) {
            permits.acquire();
            int account = i;
            open(account, async).whenComplete((response, error) -> {
                if (response != null && response.statusCode() / 100 == 2) {
                    created.incrementAndGet();
                }
                permits.release();
            });
            if (i % 1000 == 999) {
                progress.accept(i + 1);
            }
        }
        permits.acquire(parallel);
        permits.release(parallel);
        return created.get();
    }
}
