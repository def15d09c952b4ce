package dev.eventline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The harness end to end, small and short: it starts the stack from the module jars, runs every
 * step and writes a report whose figures come from the run (the replay checks pass, the overload
 * step gets 429s, each service has a flame graph beside the report). The numbers themselves are
 * not judged here: that is what the report is for.
 */
class BenchCommandTest {

    @Test
    void aShortRunWritesAReportWithEveryStepAndItsBaselines() throws Exception {
        Path report = Files.createTempDirectory("bench").resolve("benchmarks.md");

        int exit = new CommandLine(new BenchCommand()).execute("--root", "..", "--out", report.toString(),
                "--seconds", "3", "--warm-up", "5", "--warm-up-max", "15", "--jit-quiet", "100", "--profile-seconds", "3", "--rates", "20,40", "--accounts", "200", "--clients", "5");

        assertThat(exit).isZero();
        String markdown = Files.readString(report);
        assertThat(markdown).contains("## Baselines", "records/s", "rows/s", "## Commands: throughput and latency",
                "## Queries, with writes running", "## Replay and projection catch-up", "## Overload", "## Targets");
        assertThat(markdown).containsPattern("\\| 20 \\| [0-9]+ \\| [0-9.]+ \\|");
        assertThat(markdown).contains("s at 40 commands/s (until the JIT compiler threads of all JVMs used under 100.00 cores for 10 s", "the JIT compiler threads'");
        assertThat(markdown).contains("## Where the CPU goes: flame graphs", "### command-service: [flame graph](flamegraphs/command-service.html)",
                "### projection-service: [flame graph](flamegraphs/projection-service.html)",
                "### query-service: [flame graph](flamegraphs/query-service.html)");
        assertThat(report.resolveSibling("flamegraphs/command-service.html")).content().contains("<html", "eventline");
        assertThat(markdown).contains("`verify --type account` (ok: true)", "(equal to live: true, switched: true)", "CPU µs per event");
        assertThat(markdown).as("verify's CPU per event, and how many times the plain consumer's it is")
                .containsPattern("\\| `verify --type account` \\(ok: true\\) \\|[^\\n]*\\| [0-9]+\\.[0-9]{2} \\| [0-9]+\\.[0-9] \\|\\n");
        assertThat(markdown).as("every command names an account the run opened").doesNotContain("404=");
        assertThat(markdown).containsPattern("\\| overload [0-9]+/s \\| [0-9]+ \\| [0-9]+ \\| [1-9][0-9]?% \\|");
    }
}
