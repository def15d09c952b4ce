package dev.eventline.devstack.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.eventline.devstack.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-data sharing as {@code up} runs a service (a real child JVM): the first start dumps an
 * archive when the service is stopped, later starts share it, a rebuilt jar gets a new one, and a
 * process that was killed leaves nothing to share.
 */
class ClassDataArchiveTest {

    @TempDir
    Path dir;
    private Path jar;
    private ServiceProcess service;

    @BeforeEach
    void build() throws IOException {
        jar = HealthOnlyService.packaged(dir.resolve("fake-service.jar"));
        service = nextUp();
    }

    /** The service as a new {@code up} runs it (a stopped one is not started again). */
    private ServiceProcess nextUp() {
        ServiceSpec spec = new ServiceSpec("fake-service", jar, List.of(), Ports.free(), List.of("-Xmx32m"), Duration.ofSeconds(20), true);
        return new ServiceProcess(spec, dir.resolve("fake-service.log"));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void theFirstStopWritesTheArchiveThatLaterStartsShare() throws IOException {
        run();
        assertThat(archives()).hasSize(1);
        Path written = archives().get(0);

        service = nextUp();
        service.start(Map.of());
        assertThat(arguments()).contains("-XX:SharedArchiveFile=" + written);
        service.awaitHealthy(Duration.ofSeconds(30));
        service.close();

        assertThat(archives()).containsExactly(written);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aRebuiltJarGetsANewArchiveAndTheOldOneGoes() throws IOException {
        run();
        Path old = archives().get(0);
        HealthOnlyService.packaged(jar);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        service = nextUp();

        run();

        assertThat(archives()).hasSize(1).doesNotContain(old);
    }

    @Test
    void aKilledProcessLeavesNothingToShare() throws Exception {
        service.start(Map.of());
        service.awaitHealthy(Duration.ofSeconds(30));
        service.process().destroyForcibly().waitFor();

        service.start(Map.of());
        assertThat(arguments()).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
        assertThat(leftovers()).isEmpty(); // the dead one's unfinished dump is gone
        service.awaitHealthy(Duration.ofSeconds(30));
        service.close();

        assertThat(archives()).hasSize(1);
    }

    private void run() {
        service.start(Map.of());
        assertThat(arguments()).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="));
        service.awaitHealthy(Duration.ofSeconds(30));
        service.close();
    }

    private List<String> arguments() {
        return List.of(service.process().info().arguments().orElseThrow());
    }

    private List<Path> archives() throws IOException {
        return files(".jsa");
    }

    private List<Path> leftovers() throws IOException {
        return files(".dumping");
    }

    private List<Path> files(String suffix) throws IOException {
        Path cds = dir.resolve("cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
        }
    }
}
