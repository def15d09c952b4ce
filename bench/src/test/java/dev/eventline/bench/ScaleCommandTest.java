package dev.eventline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The scale run end to end, small and short: two levels on one stack, each one's accounts all in
 * the read model before its load, and a report with commands, memory, disk and the move from the
 * first level to the last. The numbers are not judged here: that is what the report is for.
 */
class ScaleCommandTest {

    @Test
    void twoLevelsOnOneStackWriteCommandsMemoryAndDisk() throws Exception {
        Path report = Files.createTempDirectory("bench").resolve("scale.md");

        int exit = new CommandLine(new BenchCommand()).execute("--root", "..", "scale", "--out", report.toString(),
                "--aggregates", "600,200", "--rate", "20", "--seconds", "3", "--warm-up", "5", "--warm-up-max", "5", "--clients", "5");

        assertThat(exit).isZero();
        String markdown = Files.readString(report);
        assertThat(markdown).contains("# Cost as the work grows", "## Commands", "## Memory and disk", "## Opening the accounts",
                "## From 200 to 600 aggregates (3x)");
        assertThat(markdown).as("levels ascending, every account opened by the edge and found in the read model")
                .containsPattern("\\| 200 \\| 200 \\| 200 \\| [0-9,]+ \\| 200 \\| [0-9]+ \\| [0-9,]+ \\|")
                .containsPattern("\\| 600 \\| 400 \\| 400 \\| [0-9,]+ \\| 600 \\| [0-9]+ \\| [0-9,]+ \\|");
        assertThat(markdown).as("commands done, CPU per command and memory of each component, stores on disk")
                .containsPattern("\\| 600 \\| [1-9][0-9]* \\| [0-9.]+ \\| [0-9.]+ \\| [0-9]+\\.[0-9]{2} \\|")
                .containsPattern("\\| 600 \\| [1-9][0-9]* \\| [1-9][0-9]* \\| [1-9][0-9]* \\| [1-9][0-9]* \\| [1-9][0-9]* \\| [0-9]+ \\|")
                .containsPattern("\\| command-service stores on disk \\| [0-9.]+ \\|");
        assertThat(markdown).as("each service's heap, non-heap and, where it has state stores, the block cache")
                .contains("command-service: heap | non-heap | block cache |")
                .containsPattern("\\| 600 \\| [1-9][0-9]* / [1-9][0-9]* \\| [1-9][0-9]* \\| [0-9]+ \\|");
        assertThat(markdown).as("every command names an account the run opened").doesNotContain("404=");
    }
}
