package dev.eventline.bench.report;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.eventline.bench.load.JvmMemory;
import dev.eventline.bench.load.StackProcesses;
import dev.eventline.bench.load.WarmUp;

/**
 * {@code docs/scale.md}: how a command's latency, CPU and memory and the data on disk move as the
 * number of aggregates grows, every level measured in one run on one stack.
 */
public final class ScaleReport {

    private static final double MIB = 1024.0 * 1024.0;
    private static final List<String> CPU_COLUMNS = List.of("command-service", "projection-service", StackProcesses.POSTGRES, StackProcesses.HARNESS);
    private static final List<String> MEMORY_COLUMNS = List.of("command-service", "projection-service", "query-service", StackProcesses.POSTGRES,
            StackProcesses.HARNESS);

    private final int rate;
    private final int seconds;
    private final int clients;
    private final int parallel;
    private final List<ScaleLevel> levels = new ArrayList<>();
    private Map<String, List<String>> serviceJvmOptions = Map.of();
    private WarmUp.Outcome warmUp;
    private double durationSeconds;

    public ScaleReport(int rate, int seconds, int clients, int parallel) {
        this.rate = rate;
        this.seconds = seconds;
        this.clients = clients;
        this.parallel = parallel;
    }

    public void serviceJvmOptions(Map<String, List<String>> options) {
        this.serviceJvmOptions = new TreeMap<>(options);
    }

    public void warmUp(WarmUp.Outcome outcome) {
        this.warmUp = outcome;
    }

    public void level(ScaleLevel level) {
        levels.add(level);
    }

    public void durationSeconds(double value) {
        this.durationSeconds = value;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# Cost as the work grows\n\n");
        md.append("Written by `./eventline bench scale` on ").append(LocalDate.now(ZoneOffset.UTC))
                .append(String.format(Locale.ROOT, " (%.0f s), on %s, with the broker, PostgreSQL, the registry, the three services and the ",
                        durationSeconds, BenchmarkReport.machine()))
                .append("load generator sharing the machine; every level measured in that one run, on one stack that keeps what the levels ")
                .append("before it wrote. Re-run: `./eventline bench scale` (see `--help`).\n\n");
        md.append(String.format(Locale.ROOT, "Each level first opens accounts up to its count (`Prefer: respond-async`, %d requests in flight, "
                + "then waits until the read model holds every one), then offers %,d synchronous commands/s for %d s: the bench's mix "
                + "(50%% deposits, 25%% withdrawals, 15%% transfers, 10%% new accounts) over all the level's accounts, each as likely as any "
                + "other, so that the stores' caches help least. %d clients own the accounts. ", parallel, rate, seconds, clients));
        if (warmUp != null) {
            md.append(String.format(Locale.ROOT, "Before the first level: a warm-up of %d s at %,d commands/s (JIT compiler threads at %.2f cores "
                    + "in its last 10 s). ", warmUp.seconds(), warmUp.rate(), warmUp.lastCompilerCores()));
        }
        if (!serviceJvmOptions.isEmpty()) {
            md.append("Services' JVM settings: ");
            md.append(String.join("; ", serviceJvmOptions.entrySet().stream().map(e -> e.getKey() + " `" + String.join(" ", e.getValue()) + "`")
                    .toList())).append('.');
        }
        md.append("\n\n## Commands\n\n| aggregates | done/s | p50 ms | p99 ms | CPU ms per command, all |");
        CPU_COLUMNS.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append(" JIT cores |\n|---:|---:|---:|---:|---:|").append("---:|".repeat(CPU_COLUMNS.size() + 1)).append('\n');
        for (ScaleLevel level : levels) {
            md.append(String.format(Locale.ROOT, "| %,d | %.0f | %.1f | %.1f | %.2f |", level.aggregates(), level.load().donePerSecond(),
                    level.load().millis(50), level.load().millis(99), level.cpuMillisPerCommand()));
            CPU_COLUMNS.forEach(c -> md.append(String.format(Locale.ROOT, " %.2f |", level.cpuMillisPerCommand(c))));
            md.append(String.format(Locale.ROOT, " %.2f |%n", level.compilerCores().values().stream().mapToDouble(Double::doubleValue).sum()));
        }
        md.append("\nOutcomes per level: ");
        md.append(String.join("; ", levels.stream().map(l -> String.format(Locale.ROOT, "%,d: %s", l.aggregates(), l.load().outcomes())).toList()));
        md.append(".\n\n## Memory and disk\n\nMemory is each component's proportional set size (MiB) after the level's load: pages shared ")
                .append("between processes count once in all. Disk is what the level left behind (MiB): the command service's state stores ")
                .append("(aggregates, outcomes, idempotency keys, with their checkpoints), the broker's log (every topic), PostgreSQL's ")
                .append("data directory (read models, archive, write-ahead log).\n\n| aggregates |");
        MEMORY_COLUMNS.forEach(c -> md.append(' ').append(c).append(" |"));
        List<String> disks = levels.isEmpty() ? List.of() : List.copyOf(levels.get(levels.size() - 1).diskBytes().keySet());
        disks.forEach(d -> md.append(' ').append(d).append(" on disk |"));
        md.append("\n|---:|").append("---:|".repeat(MEMORY_COLUMNS.size() + disks.size())).append('\n');
        for (ScaleLevel level : levels) {
            md.append(String.format(Locale.ROOT, "| %,d |", level.aggregates()));
            MEMORY_COLUMNS.forEach(c -> md.append(String.format(Locale.ROOT, " %.0f |", level.memoryBytes().getOrDefault(c, 0L) / MIB)));
            disks.forEach(d -> md.append(String.format(Locale.ROOT, " %.0f |", level.diskBytes().getOrDefault(d, 0L) / MIB)));
            md.append('\n');
        }
        md.append(jvmTable());
        md.append("\n## Opening the accounts\n\n| aggregates | opened at this level | taken by the edge | edge, accounts/s | in the read model | "
                + "until there, s | end to end, accounts/s |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScaleLevel level : levels) {
            md.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,.0f | %,d | %.0f | %,.0f |%n", level.aggregates(), level.opened(), level.accepted(),
                    level.opened() / level.edgeSeconds(), level.inReadModel(), level.seedSeconds(), level.opened() / level.seedSeconds()));
        }
        md.append(moves());
        return md.toString();
    }

    /** The services' own account of their memory: heap against native (RocksDB, threads, buffers). */
    private String jvmTable() {
        List<String> services = levels.stream().flatMap(l -> l.jvm().keySet().stream()).distinct().sorted().toList();
        if (services.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\nWhat the services' JVMs said of it at the same moment (MiB, from their `/prometheus`): heap ")
                .append("committed / used, non-heap committed (metaspace, code cache), and what RocksDB's one block cache held (memtables ")
                .append("included). The rest of a process's memory is native: RocksDB outside its cache, thread stacks, network buffers.\n\n")
                .append("| aggregates |");
        services.forEach(s -> md.append(' ').append(s).append(": heap | non-heap | block cache |"));
        md.append("\n|---:|").append("---:|---:|---:|".repeat(services.size())).append('\n');
        for (ScaleLevel level : levels) {
            md.append(String.format(Locale.ROOT, "| %,d |", level.aggregates()));
            for (String service : services) {
                JvmMemory.Figures jvm = level.jvm().get(service);
                md.append(jvm == null ? " - | - | - |" : String.format(Locale.ROOT, " %.0f / %.0f | %.0f | %s |", jvm.heapCommitted() / MIB,
                        jvm.heapUsed() / MIB, jvm.nonHeapCommitted() / MIB,
                        Double.isNaN(jvm.blockCacheUsage()) ? "-" : String.format(Locale.ROOT, "%.0f", jvm.blockCacheUsage() / MIB)));
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The last level against the first, figure by figure. */
    private String moves() {
        if (levels.size() < 2) {
            return "";
        }
        ScaleLevel first = levels.get(0);
        ScaleLevel last = levels.get(levels.size() - 1);
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n## From %,d to %,d aggregates (%.0fx)%n%n| figure | x |%n|---|---:|%n",
                first.aggregates(), last.aggregates(), last.aggregates() / (double) first.aggregates()));
        row(md, "p50", last.load().millis(50) / first.load().millis(50));
        row(md, "p99", last.load().millis(99) / first.load().millis(99));
        row(md, "CPU per command, all", last.cpuMillisPerCommand() / first.cpuMillisPerCommand());
        for (String component : MEMORY_COLUMNS) {
            row(md, component + " memory", last.memoryBytes().getOrDefault(component, 0L) / (double) Math.max(1, first.memoryBytes().getOrDefault(component, 0L)));
        }
        last.diskBytes().forEach((store, bytes) -> row(md, store + " on disk", bytes / (double) Math.max(1, first.diskBytes().getOrDefault(store, 0L))));
        return md.toString();
    }

    private static void row(StringBuilder md, String figure, double ratio) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f |%n", figure, ratio));
    }
}
