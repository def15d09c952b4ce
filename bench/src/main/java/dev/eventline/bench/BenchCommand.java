package dev.eventline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventline.bench.baseline.JdbcUpsertBaseline;
import dev.eventline.bench.baseline.KafkaBaselines;
import dev.eventline.bench.load.ClosedLoop;
import dev.eventline.bench.load.CpuProfile;
import dev.eventline.bench.load.HopBudget;
import dev.eventline.bench.load.Ledger;
import dev.eventline.bench.load.Measurement;
import dev.eventline.bench.load.OpenLoop;
import dev.eventline.bench.load.ReadModelWatcher;
import dev.eventline.bench.load.StackProcesses;
import dev.eventline.bench.load.WarmUp;
import dev.eventline.bench.profile.FlameGraphs;
import dev.eventline.bench.report.BenchmarkReport;
import dev.eventline.devstack.DataDirectory;
import dev.eventline.devstack.keys.DevelopmentKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./eventline bench}: starts the stack {@code ./eventline up} runs (in a fresh data directory,
 * on free ports), loads it, and writes every figure beside its baseline measured in the same run
 * to {@code docs/benchmarks.md}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = ScaleCommand.class,
        description = "Benchmarks the platform against baselines measured in the same run and writes a Markdown report.")
public final class BenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ANSWERED = List.of("200", "201", "409", "422");
    /** A step is sustained when it keeps up with this p99 at most: ten times the 50 ms target. */
    static final double SUSTAINABLE_P99_MILLIS = 500;
    private static final String NAMESPACE = BenchStack.NAMESPACE;

    @Option(names = "--root", defaultValue = ".", description = "the repository (services run from its module jars)")
    Path root;

    @Option(names = "--out", description = "the report (default: <root>/docs/benchmarks.md)")
    Path out;

    @Option(names = "--seconds", defaultValue = "10", description = "length of each measured step (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--rates", split = ",", defaultValue = "20,100,200,500,1000,2000",
            description = "offered synchronous command rates per second, one step each (default: ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Mixin
    WarmUpOptions warmUp;

    @Option(names = "--test-jvm", description = "run the services with the integration tests' JVM flags (C1 only, serial GC) "
            + "instead of production's, to compare the two")
    boolean testJvm;

    @Option(names = "--flame-graphs", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "after the measured steps, profile each service with async-profiler under load at the warm-up rate and keep "
                    + "its flame graph in flamegraphs/ beside the report (default: ${DEFAULT-VALUE})")
    boolean flameGraphs;

    @Option(names = "--profile-seconds", defaultValue = "30", description = "length of the profiled load (default: ${DEFAULT-VALUE})")
    int profileSeconds;

    @Option(names = "--accounts", defaultValue = "10000", description = "accounts opened before the load (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--clients", defaultValue = "100", description = "clients owning them, each with its own token (default: ${DEFAULT-VALUE})")
    int clients;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) {
        int exit = new CommandLine(new BenchCommand()).execute(args);
        System.exit(exit);
    }

    @Override
    public Integer call() throws Exception {
        Path repo = root.toAbsolutePath().normalize();
        Path report = out != null ? out : repo.resolve("docs/benchmarks.md");
        long begin = System.nanoTime();
        log("starting the stack");
        try (BenchStack stack = BenchStack.start(repo, testJvm)) {
            log("stack up (data in %s)", stack.home());
            BenchmarkReport results = new BenchmarkReport(seconds, accounts, clients);
            results.serviceJvmOptions(stack.serviceJvmOptions());
            run(stack.environment(), stack.data(), stack.commands(), stack.queries(), results, report.toAbsolutePath().getParent());
            results.durationSeconds((System.nanoTime() - begin) / 1e9);
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, results.markdown());
            log("report written to %s (%.0f s in all)", report, (System.nanoTime() - begin) / 1e9);
        }
        return 0;
    }

    private void run(Map<String, String> env, DataDirectory data, URI commands, URI queries, BenchmarkReport results, Path reportDirectory)
            throws Exception {
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        String jdbcUrl = env.get("DATASOURCES_DEFAULT_URL");
        String dbUser = env.get("DATASOURCES_DEFAULT_USERNAME");
        String dbPassword = env.get("DATASOURCES_DEFAULT_PASSWORD");
        DevelopmentKeys keys = DevelopmentKeys.open(data.keys());
        List<String> tokens = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tokens.add(keys.issue(String.format("bench-%03d", c), List.of("commands:write", "queries:read"), Duration.ofHours(6)));
        }
        Ledger ledger = new Ledger(commands, http, tokens, accounts, "b-");
        long opened = ledger.openAll(64, done -> log("opened %,d accounts", done));
        log("%,d of %,d accounts opened", opened, accounts);

        KafkaBaselines kafka = new KafkaBaselines(bootstrap);
        int recordBytes = kafka.meanRecordBytes(NAMESPACE + ".requests");
        results.baseline("Kafka producer, acks=all, idempotent, " + recordBytes + " B records", "records/s", kafka.producer(200_000, recordBytes));
        results.baseline("pass-through exactly_once_v2 topology (commit 10 ms, 2 threads)", "records/s", kafka.passThrough(100_000, recordBytes));
        double upserts = JdbcUpsertBaseline.rowsPerSecond(jdbcUrl, dbUser, dbPassword, 200_000, accounts, 2000);
        results.baseline("plain batched JDBC upserts (batches of 2,000)", "rows/s", upserts);
        log("baselines done");

        OpenLoop open = new OpenLoop(512);
        kafka.awaitQuiet(NAMESPACE);
        Map<String, Double> idleBefore = CpuProfile.snapshot(data.postgresData());
        long idleStart = System.nanoTime();
        Thread.sleep(5000);
        results.idleCores(CpuProfile.cores(idleBefore, CpuProfile.snapshot(data.postgresData()), (System.nanoTime() - idleStart) / 1e9));
        int warmUpRate = rates.get(Math.min(1, rates.size() - 1));
        WarmUp.Outcome warmedUp = warmUp.run(open, warmUpRate, ledger.statuses(false));
        results.warmUp(warmedUp);
        log("warm-up: %d s at %d/s, JIT compiler threads at %.2f cores in the last slice", warmedUp.seconds(), warmUpRate, warmedUp.lastCompilerCores());
        int sustainable = 0;
        HopBudget hops = new HopBudget();
        try (ReadModelWatcher watcher = new ReadModelWatcher(jdbcUrl, dbUser, dbPassword, 4)) {
            for (int rate : rates) {
                kafka.awaitQuiet(NAMESPACE);
                watcher.interval();
                Map<String, Double> cpuBefore = CpuProfile.snapshot(data.postgresData());
                Map<String, Double> compilerBefore = CpuProfile.compilerSnapshot();
                long stepStart = System.nanoTime();
                AtomicLong sampled = new AtomicLong();
                hops.interval(); // drops what the warm-up or the previous step left
                Measurement step = open.run("sync " + rate + "/s", rate, Duration.ofSeconds(seconds), due -> ledger.next(false).thenApply(r -> {
                    hops.record(r);
                    // One accepted account command in ten is followed into the read model.
                    if (r.statusCode() / 100 == 2 && sampled.incrementAndGet() % 10 == 0) {
                        watcher.watch(r.headers().firstValue("Eventline-Position").orElse(null), System.nanoTime());
                    }
                    return String.valueOf(r.statusCode());
                }));
                double elapsed = (System.nanoTime() - stepStart) / 1e9;
                Map<String, Double> cores = CpuProfile.cores(cpuBefore, CpuProfile.snapshot(data.postgresData()), elapsed);
                Map<String, Double> compilerCores = CpuProfile.cores(compilerBefore, CpuProfile.compilerSnapshot(), elapsed);
                Thread.sleep(1000); // the last samples reach the read model
                results.commandStep(rate, step, watcher.interval(), cores, compilerCores, hops.interval());
                log("sync %d/s: done %.0f/s, p50 %.1f ms, p99 %.1f ms %s", rate, step.donePerSecond(), step.millis(50), step.millis(99), step.outcomes());
                if (step.donePerSecond() >= 0.95 * rate && step.millis(99) <= SUSTAINABLE_P99_MILLIS
                        && step.share(ANSWERED.toArray(String[]::new)) > 0.99) {
                    sustainable = rate;
                } else {
                    break; // past saturation: higher rates only queue
                }
            }
            results.freshnessLost(watcher.lost());
        }
        sustainable = Math.max(sustainable, rates.get(0));
        results.sustainable(sustainable);
        if (flameGraphs) {
            kafka.awaitQuiet(NAMESPACE);
            profile(ledger, open, warmUpRate, results, reportDirectory);
        }

        kafka.awaitQuiet(NAMESPACE);
        Measurement async = open.run("async " + sustainable + "/s", sustainable, Duration.ofSeconds(seconds),
                ledger.statuses(true));
        results.asyncStep(async);
        log("async %d/s: p99 %.1f ms %s", sustainable, async.millis(99), async.outcomes());

        kafka.awaitQuiet(NAMESPACE);
        queries(ledger, open, queries, tokens, sustainable, results);
        kafka.awaitQuiet(NAMESPACE);
        replay(env, kafka, upserts, results);
        overload(keys, commands, open, sustainable, kafka, results);
    }

    /** Each service's flame graph under synchronous commands at {@code rate}, written beside the report. */
    private void profile(Ledger ledger, OpenLoop open, int rate, BenchmarkReport results, Path reportDirectory) throws Exception {
        Optional<FlameGraphs> profiling = FlameGraphs.start(reportDirectory.resolve("flamegraphs"), StackProcesses.services(), System.out);
        if (profiling.isEmpty()) {
            return;
        }
        Measurement load = open.run("profiled " + rate + "/s", rate, Duration.ofSeconds(profileSeconds),
                ledger.statuses(false));
        List<FlameGraphs.ServiceProfile> profiles;
        try {
            profiles = profiling.get().stop();
        } catch (IOException e) {
            log("no flame graphs: %s", e); // a profile is a help to read the figures, not one of them
            return;
        }
        results.flameGraphs(rate, profileSeconds, profiles, reportDirectory);
        log("flame graphs of %s written under %s (%s)", profiles.stream().map(FlameGraphs.ServiceProfile::service).toList(),
                reportDirectory.resolve("flamegraphs"), load.outcomes());
    }

    /**
     * Closed-loop reads with writes running at a tenth of the sustainable rate, against a constant
     * endpoint behind the same token check, rate limits and filters ({@code GET /v1/me}).
     */
    private void queries(Ledger ledger, OpenLoop open, URI queries, List<String> tokens, int sustainable, BenchmarkReport results) throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writes = new Thread(() -> {
            while (writing.get()) {
                open.run("background writes", Math.max(10, sustainable / 10), Duration.ofSeconds(2),
                        ledger.statuses(false));
            }
        }, "background-writes");
        writes.start();
        int workers = 16;
        Duration step = Duration.ofSeconds(seconds);
        try {
            results.queryStep(ClosedLoop.run("constant body, before (GET /v1/me)", workers, step,
                    w -> () -> status(get(queries.resolve("/v1/me"), tokens.get(ThreadLocalRandom.current().nextInt(tokens.size())), null))), true);
            results.queryStep(ClosedLoop.run("one account, 200", workers, step, w -> () -> {
                int account = ledger.chooseAccount();
                return status(get(queries.resolve("/v1/accounts/" + ledger.account(account)), ledger.tokenOf(account), null));
            }), false);
            results.queryStep(ClosedLoop.run("one account, 304 (If-None-Match)", workers, step, w -> {
                int account = ThreadLocalRandom.current().nextInt(ledger.accounts());
                String[] etag = {null};
                return () -> {
                    HttpResponse<String> answer = get(queries.resolve("/v1/accounts/" + ledger.account(account)), ledger.tokenOf(account), etag[0]);
                    etag[0] = answer.headers().firstValue("ETag").orElse(etag[0]);
                    return String.valueOf(answer.statusCode());
                };
            }), false);
            results.queryStep(ClosedLoop.run("list page of 50 accounts", workers, step, w -> () -> {
                String token = tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
                return status(get(queries.resolve("/v1/accounts?limit=50"), token, null));
            }), false);
            // Again at the end: the baseline is the mean of both, so a drift of the machine during the rows shows.
            results.queryStep(ClosedLoop.run("constant body, after", workers, step,
                    w -> () -> status(get(queries.resolve("/v1/me"), tokens.get(ThreadLocalRandom.current().nextInt(tokens.size())), null))), true);
        } finally {
            writing.set(false);
            writes.join();
        }
        log("queries done");
    }

    /** verify and rebuild on everything the run wrote, against a plain consumer reading the same topic. */
    private void replay(Map<String, String> env, KafkaBaselines kafka, double upserts, BenchmarkReport results) throws Exception {
        KafkaBaselines.PlainRead plain = kafka.plainRead(NAMESPACE + ".events.account");
        JsonNode verify = ReplayRun.run(env, NAMESPACE, "verify", "--type", "account");
        JsonNode rebuild = ReplayRun.run(env, NAMESPACE, "rebuild", "ledger");
        results.replay(plain, verify, rebuild, upserts);
        log("replay: plain %.0f/s, verify %s/s, rebuild %s/s", plain.rate(), verify.path("eventsPerSecond"), rebuild.path("eventsPerSecond"));
    }

    /**
     * Twice the sustainable rate from one client whose limit is the sustainable rate: the excess must
     * get 429 while what is admitted keeps its latency; then half the rate, to see it recover.
     */
    private void overload(DevelopmentKeys keys, URI commands, OpenLoop open, int sustainable, KafkaBaselines kafka, BenchmarkReport results)
            throws Exception {
        String admin = keys.issue("bench-admin", List.of("admin"), Duration.ofHours(1));
        String client = "bench-overload";
        // Its accounts first, under the lifted default limit.
        Ledger own = new Ledger(commands, http, List.of(keys.issue(client, List.of("commands:write", "queries:read"), Duration.ofHours(1))), 500, "o-");
        own.openAll(32, done -> { });
        HttpResponse<String> limit = http.send(HttpRequest.newBuilder(commands.resolve("/v1/admin/client-limits/" + client))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"capacity\":" + sustainable + ",\"refillTokens\":" + sustainable
                        + ",\"refillPeriodMillis\":1000}")).build(), HttpResponse.BodyHandlers.ofString());
        if (limit.statusCode() != 200) {
            throw new IllegalStateException("client limit not set: " + limit.statusCode() + " " + limit.body());
        }
        Thread.sleep(2000); // the limit reaches the admission stage through its compacted topic
        kafka.awaitQuiet(NAMESPACE);
        Measurement over = open.run("overload " + 2 * sustainable + "/s", 2 * sustainable, Duration.ofSeconds(seconds),
                own.statuses(false));
        kafka.awaitQuiet(NAMESPACE);
        Measurement after = open.run("recovery " + sustainable / 2 + "/s", Math.max(1, sustainable / 2), Duration.ofSeconds(seconds),
                own.statuses(false));
        results.overload(over, after, ANSWERED);
        log("overload: %s; recovery: %s", over.outcomes(), after.outcomes());
    }

    private HttpResponse<String> get(URI uri, String token, String etag) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String status(HttpResponse<String> response) {
        return String.valueOf(response.statusCode());
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
        System.out.flush();
    }
}
