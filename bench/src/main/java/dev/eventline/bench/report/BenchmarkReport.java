package dev.eventline.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventline.bench.baseline.KafkaBaselines;
import dev.eventline.bench.load.Measurement;
import dev.eventline.bench.load.WarmUp;
import dev.eventline.bench.profile.FlameGraphs.ServiceProfile;
import org.HdrHistogram.Histogram;

/**
 * Collects the figures of one run and renders {@code docs/benchmarks.md}: the machine and the
 * settings, each figure with its baseline ratio, the throughput-latency table of commands, and
 * the targets with what was met and what was not.
 */
public final class BenchmarkReport {

    private record Baseline(String name, String unit, double value) {
    }

    private record QueryStep(Measurement load, boolean baseline) {
    }

    private final int seconds;
    private final int accounts;
    private final int clients;
    private final List<Baseline> baselines = new ArrayList<>();
    private final List<CommandStep> commandSteps = new ArrayList<>();
    private final List<QueryStep> querySteps = new ArrayList<>();
    private Measurement async;
    private int sustainable;
    private long freshnessLost;
    private KafkaBaselines.PlainRead plainRead;
    private JsonNode verify;
    private JsonNode rebuild;
    private double upserts;
    private Measurement overload;
    private Measurement recovery;
    private List<String> answered = List.of();
    private double durationSeconds;
    private Map<String, List<String>> serviceJvmOptions = Map.of();
    private Map<String, Double> idleCores = Map.of();
    private String warmUp = "";
    private String flameGraphs = "";

    public BenchmarkReport(int seconds, int accounts, int clients) {
        this.seconds = seconds;
        this.accounts = accounts;
        this.clients = clients;
    }

    public void baseline(String name, String unit, double value) {
        baselines.add(new Baseline(name, unit, value));
    }

    public void commandStep(int rate, Measurement load, Histogram readModel, Map<String, Double> cores, Map<String, Double> compilerCores,
                            Map<String, Histogram> hops) {
        commandSteps.add(new CommandStep(rate, load, readModel, cores, compilerCores, hops));
    }

    public void idleCores(Map<String, Double> cores) {
        this.idleCores = Map.copyOf(cores);
    }

    public void sustainable(int rate) {
        this.sustainable = rate;
    }

    public void freshnessLost(long lost) {
        this.freshnessLost = lost;
    }

    public void asyncStep(Measurement measurement) {
        this.async = measurement;
    }

    public void queryStep(Measurement measurement, boolean isBaseline) {
        querySteps.add(new QueryStep(measurement, isBaseline));
    }

    public void replay(KafkaBaselines.PlainRead plainRead, JsonNode verify, JsonNode rebuild, double upserts) {
        this.plainRead = plainRead;
        this.verify = verify;
        this.rebuild = rebuild;
        this.upserts = upserts;
    }

    public void overload(Measurement over, Measurement after, List<String> answered) {
        this.overload = over;
        this.recovery = after;
        this.answered = List.copyOf(answered);
    }

    /** The JVM flags each service ran with (the production ones: {@code ServiceSpec.production}). */
    public void serviceJvmOptions(Map<String, List<String>> options) {
        this.serviceJvmOptions = new TreeMap<>(options);
    }

    /** The load the services took before the first measured step, so the JIT has compiled the hot paths. */
    public void warmUp(WarmUp.Outcome outcome) {
        String jit = Double.isNaN(outcome.lastCompilerCores()) ? ""
                : outcome.settled()
                ? String.format(Locale.ROOT, " (until the JIT compiler threads of all JVMs used under %.2f cores for 10 s: %.2f)",
                        outcome.quietCores(), outcome.lastCompilerCores())
                : String.format(Locale.ROOT, " (its limit: the JIT compiler threads of all JVMs still used %.2f cores in its last 10 s)",
                        outcome.lastCompilerCores());
        this.warmUp = String.format(Locale.ROOT, "warm-up %d s at %,d commands/s%s before the first step; ", outcome.seconds(), outcome.rate(), jit);
    }

    /** Each service's profile under load, its flame graph kept under {@code reportDirectory}. */
    public void flameGraphs(int rate, int profiledSeconds, List<ServiceProfile> profiles, Path reportDirectory) {
        this.flameGraphs = FlameGraphSection.markdown(rate, profiledSeconds, profiles, reportDirectory);
    }

    public void durationSeconds(double value) {
        this.durationSeconds = value;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `./eventline bench` on ").append(LocalDate.now(ZoneOffset.UTC)).append(" (")
                .append(String.format(Locale.ROOT, "%.0f", durationSeconds)).append(" s). Every figure was measured in that one run, on ")
                .append(machine()).append(", with the broker, PostgreSQL, the registry, the three services and the load generator ")
                .append("sharing the machine. Ratios compare figures of the same run; absolute numbers move with the machine's other load.\n\n");
        md.append("Settings: ").append(accounts).append(" accounts owned by ").append(clients).append(" clients (a token each), ")
                .append("account choice skewed (Zipf, s = 1), mix 50% deposits, 25% withdrawals, 15% transfers, 10% new accounts; ")
                .append(warmUp).append(seconds).append(" s per step; open-model load (constant arrival rate, latency from when a request was due: ")
                .append("no coordinated omission), at most 512 requests in flight. Re-run: `./eventline bench` (see `--help`).\n\n");
        if (!serviceJvmOptions.isEmpty()) {
            md.append("JVM flags of the services (production's: the image's `JAVA_OPTS` and the Helm chart's memory limit as `MaxRAM`; ")
                    .append("`--test-jvm`: the integration tests'): ");
            md.append(String.join("; ", serviceJvmOptions.entrySet().stream()
                    .map(e -> e.getKey() + " `" + String.join(" ", e.getValue()) + "`").toList())).append(".\n\n");
        }

        md.append("## Baselines\n\n| baseline | rate |\n|---|---:|\n");
        for (Baseline b : baselines) {
            md.append("| ").append(b.name()).append(" | ").append(number(b.value())).append(' ').append(b.unit()).append(" |\n");
        }
        double passThrough = baselineValue("pass-through");

        md.append("\n## Commands: throughput and latency (synchronous)\n\n");
        md.append("Each row is one step at a constant offered rate; the sweep stops at the first step past saturation. ")
                .append("\"read model\" is command accepted (201/200) to the `accounts` read model showing its version, on one accepted ")
                .append("account command in ten.\n\n");
        md.append("| offered/s | done/s | p50 ms | p90 ms | p99 ms | p99.9 ms | read model p50 ms | read model p99 ms | answers |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (CommandStep step : commandSteps) {
            Measurement m = step.load();
            md.append(String.format(Locale.ROOT, "| %,d | %,.0f | %s | %s | %s | %s | %s | %s | %s |%n", step.rate(), m.donePerSecond(),
                    ms(m.millis(50)), ms(m.millis(90)), ms(m.millis(99)), ms(m.millis(99.9)),
                    ms(Measurement.millis(step.readModel(), 50)), ms(Measurement.millis(step.readModel(), 99)), m.outcomes()));
        }
        md.append(CommandPathTables.hopBudget(commandSteps));
        md.append(CommandPathTables.cpu(idleCores, commandSteps));
        md.append(String.format(Locale.ROOT, "%nSustainable (done >= 95%% of offered, p99 at most 500 ms, > 99%% answered): **%,d commands/s**, "
                + "%.2fx the pass-through topology's throughput (%s records/s).", sustainable, sustainable / passThrough, number(passThrough)));
        if (freshnessLost > 0) {
            md.append(" ").append(freshnessLost).append(" sampled commands did not reach the read model within 30 s.");
        }
        md.append("\n\n");
        if (async != null) {
            md.append(String.format(Locale.ROOT, "Asynchronous (`Prefer: respond-async`, 202 once in the log) at %,.0f/s: p50 %s ms, p99 %s ms, p99.9 %s ms; %s.%n%n",
                    async.offeredPerSecond(), ms(async.millis(50)), ms(async.millis(99)), ms(async.millis(99.9)), async.outcomes()));
        }

        md.append(flameGraphs.isEmpty() ? "" : flameGraphs + "\n");
        md.append("## Queries, with writes running\n\n");
        md.append("16 closed-loop readers per row, while commands arrive at a tenth of the sustainable rate. The baseline is an ")
                .append("endpoint of the same query-service process that reads nothing (`GET /v1/me`: the caller as the token says) behind ")
                .append("the same token check, read rate limits and filters as the other rows.\n\n");
        md.append("| reads | per second | x baseline | p50 ms | p99 ms | p99 x baseline | answers |\n|---|---:|---:|---:|---:|---:|---|\n");
        double baseRate = queryBaselineRate();
        double baseP99 = queryBaselineP99();
        for (QueryStep q : querySteps) {
            Measurement m = q.load();
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s | %s | %s |%n", m.name(), m.donePerSecond(),
                    ratio(m.donePerSecond() / baseRate), ms(m.millis(50)), ms(m.millis(99)), ratio(m.millis(99) / baseP99), m.outcomes()));
        }
        md.append(String.format(Locale.ROOT, "%nRatios are to the mean of the two constant-body rows (%,.0f reads/s, p99 %s ms).%n", baseRate, ms(baseP99)));

        if (verify != null && rebuild != null) {
            double verifyRate = verify.path("eventsPerSecond").asDouble();
            double rebuildRate = rebuild.path("eventsPerSecond").asDouble();
            md.append("\n## Replay and projection catch-up\n\n");
            md.append(String.format(Locale.ROOT, "On the %,d account events the run wrote. `rebuild ledger` replays them from offset zero through the ledger "
                    + "projection's own code into new tables (exactly-once, offsets in the same transactions), so it is also the projection's catch-up rate. "
                    + "On a log this small, start-up (consumers, connections, the JIT compiling the checks) weighs heavily in both rates; "
                    + "[replay.md](replay.md#benchmark) measures them on 1,000,000 events.%n%n",
                    verify.path("events").asLong()));
            double plainRate = plainRead.rate();
            double plainCpu = plainRead.cpuMicrosPerEvent();
            md.append("The CPU column is the time the reading threads spent per event (for `rebuild`, the client's side only, not PostgreSQL's): "
                    + "it leaves out the waits for a core, so other load on the machine disturbs it less than the rates.\n\n");
            md.append("| | events/s | x baseline | baseline | CPU µs per event | x plain consumer's |\n|---|---:|---:|---|---:|---:|\n");
            md.append(String.format(Locale.ROOT, "| plain read_committed consumer (bytes only) | %s | 1.00 | | %.2f | 1.0 |%n", number(plainRate), plainCpu));
            md.append(String.format(Locale.ROOT, "| `verify --type account` (ok: %s) | %s | %s | plain consumer | %s |%n", verify.path("ok").asText(),
                    number(verifyRate), ratio(verifyRate / plainRate), cpuPerEvent(verify, plainCpu)));
            md.append(String.format(Locale.ROOT, "| `rebuild ledger` (equal to live: %s, switched: %s) | %s | %s | plain consumer | %s |%n",
                    rebuild.path("equalToLive").asText(), rebuild.path("switched").asText(), number(rebuildRate), ratio(rebuildRate / plainRate),
                    cpuPerEvent(rebuild, plainCpu)));
            md.append(String.format(Locale.ROOT, "| projection catch-up (the rebuild) | %s | %s | plain batched JDBC upserts (%s rows/s) | | |%n",
                    number(rebuildRate), ratio(rebuildRate / upserts), number(upserts)));
        }

        if (overload != null) {
            String[] admitted = answered.toArray(String[]::new);
            Histogram admittedLatency = overload.merged(admitted);
            Histogram recovered = recovery.merged(admitted);
            double sustainableP99 = commandSteps.stream().filter(s -> s.rate() == sustainable)
                    .map(s -> s.load().millis(99)).findFirst().orElse(Double.NaN);
            md.append("\n## Overload\n\n");
            md.append(String.format(Locale.ROOT, "One client whose limit is the sustainable rate (%,d/s, set through the admin API) sends twice that.%n%n", sustainable));
            md.append("Offered/s is the rate the generator managed (it waits once 512 requests are in flight).\n\n");
            md.append("| step | offered/s | admitted/s | 429 share | admitted p50 ms | admitted p99 ms | answers |\n|---|---:|---:|---:|---:|---:|---|\n");
            for (Measurement m : List.of(overload, recovery)) {
                Histogram h = m == overload ? admittedLatency : recovered;
                md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.0f%% | %s | %s | %s |%n", m.name(), m.offeredPerSecond(),
                        h.getTotalCount() / (double) seconds, 100 * m.share("429"), ms(Measurement.millis(h, 50)), ms(Measurement.millis(h, 99)), m.outcomes()));
            }
            md.append(String.format(Locale.ROOT, "%nAdmitted p99 under overload: %s ms, %s the p99 at the sustainable rate without overload (%s ms).%n",
                    ms(Measurement.millis(admittedLatency, 99)), ratio(Measurement.millis(admittedLatency, 99) / sustainableP99), ms(sustainableP99)));
        }

        md.append("\n## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        double sustainableP99 = commandSteps.stream().filter(s -> s.rate() == sustainable)
                .map(s -> s.load().millis(99)).findFirst().orElse(Double.NaN);
        commandSteps.stream().filter(s -> s.rate() == 20).findFirst().ifPresent(low -> target(md,
                "commands at 20/s: p50 <= 20 ms, p99 <= 50 ms", ms(low.load().millis(50)) + " / " + ms(low.load().millis(99)) + " ms",
                low.load().millis(50) <= 20 && low.load().millis(99) <= 50));
        int within100 = commandSteps.stream().filter(s -> s.load().donePerSecond() >= 0.95 * s.rate() && s.load().millis(99) <= 100)
                .mapToInt(CommandStep::rate).max().orElse(0);
        target(md, "commands: >= 2,000/s with p99 <= 100 ms (about 0.1x pass-through)", String.format(Locale.ROOT, "%,d/s (%s)",
                within100, ratio(within100 / passThrough)), within100 >= 2000);
        commandSteps.stream().filter(s -> s.rate() <= 500).reduce((a, b) -> b).ifPresent(step -> {
            double cpuMillis = step.load().cpuMillisPerOperation(step.cores().values().stream().mapToDouble(Double::doubleValue).sum());
            target(md, "CPU per command, all processes, at 500/s: <= 1 ms", String.format(Locale.ROOT, "%.2f ms at %,d/s", cpuMillis,
                    step.rate()), step.rate() == 500 && cpuMillis <= 1);
        });
        if (rebuild != null) {
            double rebuildRate = rebuild.path("eventsPerSecond").asDouble();
            target(md, "projection catch-up and rebuild >= 0.5x plain batched upserts", ratio(rebuildRate / upserts), rebuildRate / upserts >= 0.5);
        }
        if (verify != null) {
            double verifyRate = verify.path("eventsPerSecond").asDouble();
            target(md, "verify >= 0.2x a plain consumer", ratio(verifyRate / plainRead.rate()), verifyRate / plainRead.rate() >= 0.2);
        }
        double lagP99 = commandSteps.stream().filter(s -> s.rate() == sustainable)
                .map(s -> Measurement.millis(s.readModel(), 99)).findFirst().orElse(Double.NaN);
        target(md, "steady-state lag p99 < 100 ms (command accepted to read model, at the sustainable rate)", ms(lagP99) + " ms", lagP99 < 100);
        queryRows().forEach(m -> {
            target(md, "queries (" + m.name() + "): >= 0.5x the constant endpoint's rate", ratio(m.donePerSecond() / baseRate),
                    m.donePerSecond() / baseRate >= 0.5);
            target(md, "queries (" + m.name() + "): p99 < 10 ms", ms(m.millis(99)) + " ms", m.millis(99) < 10);
        });
        if (overload != null) {
            double admittedP99 = Measurement.millis(overload.merged(answered.toArray(String[]::new)), 99);
            target(md, "overload at 2x a client's limit: admitted p99 within 2x the unloaded p99, excess 429, recovers at once",
                    String.format(Locale.ROOT, "admitted p99 %s ms, 429 %.0f%%, recovery p99 %s ms with %.0f%% 429", ms(admittedP99),
                            100 * overload.share("429"), ms(Measurement.millis(recovery.merged(answered.toArray(String[]::new)), 99)),
                            100 * recovery.share("429")),
                    admittedP99 <= 2 * sustainableP99 && overload.share("429") > 0 && recovery.share("429") < 0.01);
        }
        md.append("\n").append(whyMissed());
        md.append("\nMore on the command path's profile in [command-service.md](command-service.md#benchmark), on the projection's ")
                .append("in [projection-service.md](projection-service.md#benchmark).\n");
        return md.toString();
    }

    /** The profile of the first saturated step, in words: which components took the cores. */
    private String whyMissed() {
        CommandStep saturated = commandSteps.stream().filter(s -> s.rate() > sustainable).findFirst()
                .orElse(commandSteps.isEmpty() ? null : commandSteps.get(commandSteps.size() - 1));
        if (saturated == null || saturated.cores().isEmpty()) {
            return "";
        }
        double total = saturated.cores().values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder why = new StringBuilder(String.format(Locale.ROOT, "Why: at %,d commands/s the %d cores were %.0f%% busy (%.2f cores): ",
                saturated.rate(), Runtime.getRuntime().availableProcessors(),
                100 * total / Runtime.getRuntime().availableProcessors(), total));
        saturated.cores().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> why.append(String.format(Locale.ROOT, "%s %.2f, ", e.getKey(), e.getValue())));
        why.setLength(why.length() - 2);
        Map.Entry<String, Double> top = saturated.cores().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        why.append(". The whole platform and the load generator share these cores");
        if (top.getValue() > total / 2) {
            why.append("; ").append(top.getKey()).append(" takes more than half: that is where to look first.\n");
        } else {
            why.append("; no component takes half of them: the rate is bounded by the machine, not by one bottleneck.\n");
        }
        return why.toString();
    }

    private List<Measurement> queryRows() {
        return querySteps.stream().filter(q -> !q.baseline()).map(QueryStep::load).toList();
    }

    private double queryBaselineRate() {
        return querySteps.stream().filter(QueryStep::baseline).mapToDouble(q -> q.load().donePerSecond()).average().orElse(Double.NaN);
    }

    private double queryBaselineP99() {
        return querySteps.stream().filter(QueryStep::baseline).mapToDouble(q -> q.load().millis(99)).average().orElse(Double.NaN);
    }

    private double baselineValue(String prefix) {
        return baselines.stream().filter(b -> b.name().startsWith(prefix)).mapToDouble(Baseline::value).findFirst().orElse(Double.NaN);
    }

    private static void target(StringBuilder md, String target, String measured, boolean met) {
        md.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**").append(" |\n");
    }

    static String machine() {
        String memory = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    memory = String.format(Locale.ROOT, ", %.0f GiB", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no memory figure
        }
        return Runtime.getRuntime().availableProcessors() + " cores" + memory + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version");
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, "%.2fx", value);
    }

    /** A replay command's CPU per event from its report, and how many times the plain consumer's it is. */
    private static String cpuPerEvent(JsonNode report, double plainCpu) {
        double cpu = report.path("cpuMicrosPerEvent").asDouble();
        return String.format(Locale.ROOT, "%.2f | %.1f", cpu, cpu / Math.max(plainCpu, 1e-9));
    }
}
