package dev.eventline.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.eventline.bench.profile.FlameGraphs.ServiceProfile;
import org.junit.jupiter.api.Test;

/** async-profiler attached to a real child JVM, as the bench attaches it to the services. */
class FlameGraphsTest {

    @Test
    void aBusyProcessGetsAFlameGraphWhoseTopOwnFrameIsWhereItSpins() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process spinner = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Spinner.class.getName())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(spinner.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("spinning");
            Path directory = Files.createTempDirectory("flamegraphs");

            FlameGraphs profiling = FlameGraphs.start(directory, Map.of("spinner", spinner.pid()), new PrintStream(System.out)).orElseThrow();
            Duration before = cpu(spinner);
            while (cpu(spinner).minus(before).toMillis() < 1500) {
                Thread.onSpinWait(); // until it has spun for 1.5 s of CPU under the profiler
            }
            List<ServiceProfile> profiles = profiling.stop();

            assertThat(profiles).singleElement().satisfies(profile -> {
                assertThat(profile.service()).isEqualTo("spinner");
                assertThat(profile.flameGraph()).isEqualTo(directory.resolve("spinner.html"));
                assertThat(profile.stacks().samples()).isGreaterThan(100);
                assertThat(profile.stacks().topOwn(1)).singleElement()
                        .satisfies(top -> assertThat(top.name()).startsWith("dev.eventline.bench.profile.Spinner."));
                assertThat(profile.stacks().topThreads(1)).singleElement().satisfies(top -> assertThat(top.name()).isEqualTo("main"));
            });
            assertThat(Files.readString(directory.resolve("spinner.html"))).contains("<html", "Spinner");
        } finally {
            spinner.destroyForcibly();
        }
    }

    private static Duration cpu(Process process) {
        return process.info().totalCpuDuration().orElseThrow();
    }
}
