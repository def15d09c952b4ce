package dev.eventline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The short chaos run of the README's test command: each service killed with SIGKILL once (restarted
 * by supervision) and frozen with SIGSTOP for longer than its group sessions once, PostgreSQL killed
 * once and stopped for 10 s once, under a load of commands; the independent checker finds nothing
 * lost, nothing doubled, money conserved and {@code replay verify} passing, and the query API
 * answered 503 with Retry-After, promptly, while the database was away.
 */
class ChaosCommandTest {

    @Test
    void eachProcessKilledAndPausedOrStoppedOnceUnderLoadLosesAndDoublesNothing() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new ChaosCommand()).execute("--root", "..", "--test-jvm", "--seconds", "10", "--rounds", "1", "--fault-every", "3", "--pause", "12", "--outage", "10",
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
                .containsPattern("\\| kill -9 postgres \\| 1 \\| 1 \\|")
                .containsPattern("\\| outage postgres \\| 1 \\| 1 \\|")
                .containsPattern("query API while PostgreSQL was down: [1-9]\\d* answers, [1-9]\\d* of them 503 with Retry-After")
                .containsPattern("acknowledged=[1-9]\\d*");
    }
}
