package dev.eventline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The short chaos run of the README's test command: each service killed with SIGKILL once (restarted
 * by supervision) and frozen with SIGSTOP for longer than its group sessions once, under a load of
 * commands, and the independent checker finding nothing lost, nothing doubled, money conserved and
 * {@code replay verify} passing.
 */
class ChaosCommandTest {

    @Test
    void eachServiceKilledAndPausedOnceUnderLoadLosesAndDoublesNothing() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new ChaosCommand()).execute("--root", "..", "--test-jvm", "--seconds", "10", "--rounds", "1", "--fault-every", "3", "--pause", "12",
                    "--accounts", "6", "--workers", "2");
        } finally {
            System.setOut(original);
        }
        String report = printed.toString(StandardCharsets.UTF_8);
        System.out.print(report);

        assertThat(exit).as(report).isZero();
        assertThat(report).contains("OK: nothing acknowledged lost, nothing applied twice, money conserved, verify ok")
                .containsPattern("\\| kill -9 command-service \\| [1-9]\\d* \\| [1-9]\\d* \\|")
                .containsPattern("\\| kill -9 projection-service \\| [1-9]\\d* \\| [1-9]\\d* \\|")
                .containsPattern("\\| kill -9 query-service \\| [1-9]\\d* \\| [1-9]\\d* \\|")
                .containsPattern("\\| SIGSTOP, SIGCONT command-service \\| 1 \\| 1 \\|")
                .containsPattern("\\| SIGSTOP, SIGCONT projection-service \\| 1 \\| 1 \\|")
                .containsPattern("\\| SIGSTOP, SIGCONT query-service \\| 1 \\| 1 \\|")
                .containsPattern("acknowledged=[1-9]\\d*");
    }
}
