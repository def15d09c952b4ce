package dev.eventline.query.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.devstack.postgres.PostgresServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.HdrHistogram.Histogram;

/**
 * GETs per second and latency of one account, on the 200 path and the 304 path, against an
 * endpoint of the same server returning a constant body, measured in the same run, in rounds
 * whose order rotates so that no variant always runs warmer.
 *
 * <pre>./mvnw -pl query-service test-compile exec:java@query-benchmark [-Dbench.clients=16 -Dbench.seconds=15 -Dbench.rounds=2]</pre>
 */
public final class QueryBenchmark {

    private static final int ACCOUNTS = 10_000;

    public static void main(String[] args) throws Exception {
        try {
            measure();
        } finally {
            System.exit(0); // the HTTP client's threads would keep exec:java waiting
        }
    }

    private static void measure() throws Exception {
        int clients = Integer.getInteger("bench.clients", 16);
        int seconds = Integer.getInteger("bench.seconds", 15);
        int rounds = Integer.getInteger("bench.rounds", 2);
        Path home = Files.createTempDirectory("query-bench");
        try (PostgresServer postgres = new PostgresServer(new PostgresServer.PostgresConfig(55499, home.resolve("pg"), home.resolve("pg-run"), "bench")).start()) {
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, postgres.password()); Statement s = c.createStatement()) {
                s.execute("create table accounts (id text primary key, owner text not null, currency text not null, balance bigint not null, "
                        + "status text not null, version bigint not null, opened_at timestamptz not null, updated_at timestamptz not null)");
                s.execute("create table projection_offsets (projection text, version int, topic text, partition int, next_offset bigint)");
                s.execute("create table read_model_versions (projection text primary key, active_version int)");
                s.execute("insert into accounts select 'acc-' || i, 'bench', 'EUR', i * 10, 'OPEN', 1 + i % 7, now(), now() "
                        + "from generate_series(1, " + ACCOUNTS + ") i");
                s.execute("analyze accounts");
            }
            DevelopmentKeys keys = DevelopmentKeys.open(home.resolve("keys"));
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("micronaut.server.port", -1);
            properties.put("datasources.default.url", postgres.jdbcUrl());
            properties.put("datasources.default.username", PostgresServer.USER);
            properties.put("datasources.default.password", postgres.password());
            properties.put("eventline.token-keys", "file:" + keys.publicKeySet());
            properties.put("eventline.query.limits.capacity", 1_000_000_000L);
            properties.put("eventline.query.limits.refill-tokens", 100_000_000L);
            properties.put("eventline.bench.constant-endpoint", "true");
            try (ApplicationContext context = ApplicationContext.run(properties)) {
                EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
                URI base = server.getURI();
                String token = keys.issue("bench", List.of("queries:read"), Duration.ofHours(2));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(4)).build();
                Map<String, IntFunction<HttpRequest>> variants = new LinkedHashMap<>();
                variants.put("constant body", i -> get(base, "/v1/bench/constant", token, null));
                variants.put("account 200", i -> get(base, "/v1/accounts/acc-" + i, token, null));
                variants.put("account 304", i -> get(base, "/v1/accounts/acc-" + i, token, "\"" + (1 + i % 7) + "\""));
                System.out.printf("query benchmark: %d clients, %d s per variant and round, %d rounds, %d accounts, %d cores%n",
                        clients, seconds, rounds, ACCOUNTS, Runtime.getRuntime().availableProcessors());
                List<String> names = new ArrayList<>(variants.keySet());
                for (String name : names) {
                    run(http, variants.get(name), clients, 3, null); // warm-up
                }
                Map<String, Histogram> results = new LinkedHashMap<>();
                Map<String, Long> counts = new LinkedHashMap<>();
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < names.size(); k++) {
                        String name = names.get((k + round) % names.size());
                        Histogram histogram = results.computeIfAbsent(name, n -> new Histogram(60_000_000_000L, 3));
                        counts.merge(name, run(http, variants.get(name), clients, seconds, histogram), Long::sum);
                    }
                }
                double baseRate = counts.get("constant body") / (double) (seconds * rounds);
                double baseP99 = results.get("constant body").getValueAtPercentile(99) / 1000.0;
                System.out.printf("%-14s %10s %8s %9s %9s %9s %9s%n", "variant", "GETs/s", "x base", "p50 ms", "p99 ms", "max ms", "p99 x base");
                for (String name : names) {
                    Histogram h = results.get(name);
                    double rate = counts.get(name) / (double) (seconds * rounds);
                    double p99 = h.getValueAtPercentile(99) / 1000.0;
                    System.out.printf("%-14s %10.0f %8.2f %9.2f %9.2f %9.2f %9.2f%n", name, rate, rate / baseRate,
                            h.getValueAtPercentile(50) / 1000.0, p99, h.getMaxValue() / 1000.0, p99 / baseP99);
                }
            }
        }
    }

    private static HttpRequest get(URI base, String path, String token, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return request.build();
    }

    /** {@code clients} closed-loop callers for {@code seconds}; returns the number of answers, latencies in microseconds. */
    private static long run(HttpClient http, IntFunction<HttpRequest> requests, int clients, int seconds, Histogram histogram) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<Long>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                long n = 0;
                while (System.nanoTime() < until) {
                    HttpRequest request = requests.apply(1 + ThreadLocalRandom.current().nextInt(ACCOUNTS));
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    long micros = (System.nanoTime() - start) / 1000;
                    if (response.statusCode() != 200 && response.statusCode() != 304) {
                        throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
                    }
                    if (histogram != null) {
                        synchronized (histogram) {
                            histogram.recordValue(micros);
                        }
                    }
                    n++;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> f : done) {
            total += f.get();
        }
        pool.shutdown();
        return total;
    }
}
