package dev.eventline.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.eventline.bench.load.Measurement;
import org.HdrHistogram.Histogram;

/** The command path's tables: where the time of a command went (hop budget) and where the machine's CPU went. */
final class CommandPathTables {

    private CommandPathTables() {
    }

    /** p50 / p99 of each hop, per step, from the answers' Server-Timing. */
    static String hopBudget(List<CommandStep> steps) {
        List<String> hops = steps.stream().flatMap(s -> s.hops().keySet().stream()).distinct().toList();
        if (hops.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\nLatency budget per hop (p50 / p99 ms), from each answer's `Server-Timing`: `edge` reading, ")
                .append("checking and encoding the request; `admit` producing it and the admission stage taking it; `decide` the hand-over ")
                .append("to the decide stage and its decision; `commit` the decide transaction's commit and the outcome's way back to the ")
                .append("edge; `reply` building the answer; `total` the server's share of the client's latency (the rest is HTTP, the ")
                .append("token check and the client).\n\n| offered/s |");
        hops.forEach(hop -> md.append(' ').append(hop).append(" |"));
        md.append(" client p50 / p99 |\n|---:|").append("---:|".repeat(hops.size() + 1)).append('\n');
        for (CommandStep step : steps) {
            md.append(String.format(Locale.ROOT, "| %,d |", step.rate()));
            for (String hop : hops) {
                Histogram h = step.hops().get(hop);
                md.append(h == null || h.getTotalCount() == 0 ? " - |"
                        : String.format(Locale.ROOT, " %.1f / %.1f |", Measurement.millis(h, 50), Measurement.millis(h, 99)));
            }
            md.append(String.format(Locale.ROOT, " %.1f / %.1f |%n", step.load().millis(50), step.load().millis(99)));
        }
        return md.toString();
    }

    /** Cores used by each component during each step, and the same as CPU milliseconds per command done. */
    static String cpu(Map<String, Double> idle, List<CommandStep> steps) {
        List<String> components = Stream.concat(idle.keySet().stream(), steps.stream().flatMap(s -> s.cores().keySet().stream()))
                .distinct().toList();
        if (components.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\nProfile: cores each component used during each step (from `/proc/<pid>/stat`; the machine has ")
                .append(Runtime.getRuntime().availableProcessors()).append(").\n\n");
        header(md, components);
        if (!idle.isEmpty()) {
            md.append("| idle |");
            components.forEach(c -> md.append(String.format(Locale.ROOT, " %.2f |", idle.getOrDefault(c, 0.0))));
            md.append(String.format(Locale.ROOT, " %.2f |%n", sum(idle)));
        }
        for (CommandStep step : steps) {
            md.append(String.format(Locale.ROOT, "| %,d |", step.rate()));
            components.forEach(c -> md.append(String.format(Locale.ROOT, " %.2f |", step.cores().getOrDefault(c, 0.0))));
            md.append(String.format(Locale.ROOT, " %.2f |%n", sum(step.cores())));
        }
        md.append("\nCPU milliseconds per command done, by component (cores / commands per second): steadier than rates on a shared machine.\n\n");
        header(md, components);
        for (CommandStep step : steps) {
            Measurement load = step.load();
            md.append(String.format(Locale.ROOT, "| %,d |", step.rate()));
            components.forEach(c -> md.append(String.format(Locale.ROOT, " %.2f |", load.cpuMillisPerOperation(step.cores().getOrDefault(c, 0.0)))));
            md.append(String.format(Locale.ROOT, " %.2f |%n", load.cpuMillisPerOperation(sum(step.cores()))));
        }
        if (steps.stream().anyMatch(s -> !s.compilerCores().isEmpty())) {
            md.append("\nOf those cores, the JIT compiler threads' (`C1/C2 CompilerThread`, from `/proc/<pid>/task`): code still being ")
                    .append("compiled, a cost a long-running production JVM has paid once and for all.\n\n");
            List<String> jvms = components.stream().filter(c -> steps.stream().anyMatch(s -> s.compilerCores().containsKey(c))).toList();
            header(md, jvms);
            for (CommandStep step : steps) {
                md.append(String.format(Locale.ROOT, "| %,d |", step.rate()));
                jvms.forEach(c -> md.append(String.format(Locale.ROOT, " %.2f |", step.compilerCores().getOrDefault(c, 0.0))));
                md.append(String.format(Locale.ROOT, " %.2f |%n", sum(step.compilerCores())));
            }
        }
        return md.toString();
    }

    private static void header(StringBuilder md, List<String> components) {
        md.append("| offered/s |");
        components.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append(" total |\n|---:|").append("---:|".repeat(components.size() + 1)).append('\n');
    }

    private static double sum(Map<String, Double> cores) {
        return cores.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
