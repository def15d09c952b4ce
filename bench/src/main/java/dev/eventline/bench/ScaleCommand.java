package dev.eventline.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import dev.eventline.bench.baseline.KafkaBaselines;
import dev.eventline.bench.load.CpuProfile;
import dev.eventline.bench.load.JvmMemory;
import dev.eventline.bench.load.Ledger;
import dev.eventline.bench.load.Measurement;
import dev.eventline.bench.load.MemoryProfile;
import dev.eventline.bench.load.OpenLoop;
import dev.eventline.bench.load.WarmUp;
import dev.eventline.bench.report.ScaleLevel;
import dev.eventline.bench.report.ScaleReport;
import dev.eventline.devstack.DataDirectory;
import dev.eventline.devstack.keys.DevelopmentKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./eventline bench scale}: the same synchronous load on one stack at a growing number of
 * aggregates (accounts opened level after level), with latency, CPU per command, each process's
 * memory and the data on disk at every level, written to {@code docs/scale.md}. Commands should
 * cost the same at every level and memory stay bounded; disk grows with the aggregates.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Measures commands, memory and disk at a growing number of aggregates on one stack and writes a Markdown report.")
final class ScaleCommand implements Callable<Integer> {

    /** The accounts of the scale run: {@code s-00042}; the mix's new accounts ({@code s-new-7}) are not among them. */
    private static final String PREFIX = "s-";

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--out", description = "the report (default: <root>/docs/scale.md)")
    Path out;

    @Option(names = "--aggregates", split = ",", defaultValue = "10000,100000,1000000",
            description = "accounts at each level, ascending (default: ${DEFAULT-VALUE})")
    List<Integer> levels;

    @Option(names = "--rate", defaultValue = "100", description = "synchronous commands per second at each level (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "length of each level's measured load (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--parallel", defaultValue = "256", description = "account openings in flight (default: ${DEFAULT-VALUE})")
    int parallel;

    @Mixin
    WarmUpOptions warmUp;

    @Option(names = "--clients", defaultValue = "100", description = "clients owning the accounts, each with its own token (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--test-jvm", description = "run the services with the integration tests' JVM flags instead of production's")
    boolean testJvm;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        List<Integer> ascending = levels.stream().sorted().distinct().toList();
        Path repo = bench.root.toAbsolutePath().normalize();
        Path report = out != null ? out : repo.resolve("docs/scale.md");
        long begin = System.nanoTime();
        log("starting the stack");
        try (BenchStack stack = BenchStack.start(repo, testJvm)) {
            ScaleReport results = new ScaleReport(rate, seconds, clients, parallel);
            results.serviceJvmOptions(stack.serviceJvmOptions());
            run(stack, ascending, results);
            results.durationSeconds((System.nanoTime() - begin) / 1e9);
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, results.markdown());
            log("report written to %s (%.0f s in all)", report, (System.nanoTime() - begin) / 1e9);
        }
        return 0;
    }

    private void run(BenchStack stack, List<Integer> ascending, ScaleReport results) throws Exception {
        Map<String, String> env = stack.environment();
        DataDirectory data = stack.data();
        DevelopmentKeys keys = DevelopmentKeys.open(data.keys());
        List<String> tokens = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tokens.add(keys.issue(String.format("scale-%03d", c), List.of("commands:write", "queries:read"), Duration.ofHours(12)));
        }
        KafkaBaselines kafka = new KafkaBaselines(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        OpenLoop open = new OpenLoop(512);
        int before = 0;
        for (int aggregates : ascending) {
            Ledger ledger = new Ledger(stack.commands(), http, tokens, aggregates, PREFIX, true);
            long edgeStart = System.nanoTime();
            long accepted = ledger.open(before, aggregates, parallel, true, done -> {
                if (done % 50_000 == 0) {
                    log("%,d accounts taken by the edge", done);
                }
            });
            double edgeSeconds = (System.nanoTime() - edgeStart) / 1e9;
            long inReadModel = awaitReadModel(env, aggregates, Duration.ofSeconds(Math.max(300, aggregates / 100)));
            double seedSeconds = (System.nanoTime() - edgeStart) / 1e9;
            log("%,d accounts: edge took %,d of %,d in %.0f s, read model holds %,d after %.0f s", aggregates, accepted, aggregates - before,
                    edgeSeconds, inReadModel, seedSeconds);
            kafka.awaitQuiet(BenchStack.NAMESPACE);
            if (before == 0) {
                WarmUp.Outcome warmedUp = warmUp.run(open, rate, ledger.statuses(false));
                results.warmUp(warmedUp);
                log("warm-up: %d s, JIT compiler threads at %.2f cores in the last slice", warmedUp.seconds(), warmedUp.lastCompilerCores());
                kafka.awaitQuiet(BenchStack.NAMESPACE);
            }
            Map<String, Double> cpuBefore = CpuProfile.snapshot(data.postgresData());
            Map<String, Double> compilerBefore = CpuProfile.compilerSnapshot();
            long stepStart = System.nanoTime();
            Measurement step = open.run("sync " + rate + "/s over " + aggregates, rate, Duration.ofSeconds(seconds), ledger.statuses(false));
            double elapsed = (System.nanoTime() - stepStart) / 1e9;
            ScaleLevel level = new ScaleLevel(aggregates, aggregates - before, accepted, inReadModel, edgeSeconds, seedSeconds, step,
                    CpuProfile.cores(cpuBefore, CpuProfile.snapshot(data.postgresData()), elapsed),
                    CpuProfile.cores(compilerBefore, CpuProfile.compilerSnapshot(), elapsed),
                    MemoryProfile.snapshot(data.postgresData()), JvmMemory.scrape(http, stack.serviceUris()), disk(data));
            results.level(level);
            log("%,d aggregates: done %.0f/s, p50 %.1f ms, p99 %.1f ms, CPU %.2f ms per command %s", aggregates, step.donePerSecond(),
                    step.millis(50), step.millis(99), level.cpuMillisPerCommand(), step.outcomes());
            before = aggregates;
        }
    }

    /** Waits until the read model holds accounts s-0 to s-(n-1), or the time is up; returns how many it holds. */
    private static long awaitReadModel(Map<String, String> env, int accounts, Duration most) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + most.toNanos();
        try (Connection db = DriverManager.getConnection(env.get("DATASOURCES_DEFAULT_URL"), env.get("DATASOURCES_DEFAULT_USERNAME"),
                env.get("DATASOURCES_DEFAULT_PASSWORD"))) {
            long held = 0;
            while (System.nanoTime() < deadline) {
                try (Statement query = db.createStatement();
                     ResultSet rs = query.executeQuery("select count(*) from accounts where id ~ '^" + PREFIX + "[0-9]+$'")) {
                    rs.next();
                    held = rs.getLong(1);
                }
                if (held >= accounts) {
                    return held;
                }
                Thread.sleep(2000);
            }
            return held;
        }
    }

    /** Bytes on disk of the command service's state stores, the broker's log and PostgreSQL's data directory. */
    private static Map<String, Long> disk(DataDirectory data) throws IOException, InterruptedException {
        Map<String, Long> bytes = new LinkedHashMap<>();
        bytes.put("command-service stores", allocatedBytes(data.service("command-service").resolve("streams")));
        bytes.put("broker log", allocatedBytes(data.kafkaLogs()));
        bytes.put("PostgreSQL", allocatedBytes(data.postgresData()));
        return bytes;
    }

    /**
     * What a directory takes on disk, as {@code du} counts it: the broker's index files are sparse
     * (10 MiB each, mostly holes), so their apparent size would count gigabytes that are not there.
     */
    private static long allocatedBytes(Path directory) throws IOException, InterruptedException {
        Process du = new ProcessBuilder("du", "-s", "-B1", directory.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(du.getInputStream().readAllBytes()).trim();
        du.waitFor();
        // du exits with 1 when a file vanished during the walk (compaction, segment deletion): the sum still stands.
        return output.isEmpty() ? 0 : Long.parseLong(output.split("\\s+")[0]);
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench scale] " + format + "%n", args);
        System.out.flush();
    }
}
