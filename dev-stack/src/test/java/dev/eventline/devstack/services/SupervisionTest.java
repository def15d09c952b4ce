package dev.eventline.devstack.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.eventline.devstack.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What {@code eventline up} does when a service dies: a real child JVM killed with SIGKILL is
 * started again, stays this launcher's child, the log says what died, how and when it is back,
 * quick deaths wait longer, and a stop that was asked for is not a death.
 */
class SupervisionTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Supervision.class);
    private ServiceProcess service;
    private Supervision supervision;

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        log.start();
        logger.addAppender(log);
        ServiceSpec spec = new ServiceSpec("fake-service", HealthOnlyService.packaged(dir.resolve("fake-service.jar")), List.of(), Ports.free(),
                List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"), Duration.ofSeconds(10), false);
        service = new ServiceProcess(spec, dir.resolve("fake-service.log"));
        service.start(Map.of());
        service.awaitHealthy(Duration.ofSeconds(30));
        supervision = new Supervision(Map.of(), Duration.ofSeconds(30),
                new Supervision.Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60)));
        supervision.watch(service);
    }

    @AfterEach
    void stop() {
        supervision.close();
        service.close();
        logger.detachAppender(log);
    }

    @Test
    void aKilledServiceIsStartedAgainAsAChildAndTheLogSaysWhatDiedHowAndWhenItIsBack() {
        long first = service.process().pid();

        service.process().destroyForcibly(); // SIGKILL

        awaitLogged("is back");
        long second = service.process().pid();
        assertThat(second).isNotEqualTo(first);
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).contains(second);
        service.awaitHealthy(Duration.ofSeconds(5));
        assertThat(messages()).anySatisfy(m -> assertThat(m).startsWith("fake-service (pid " + first + ") died at ")
                .contains(": exit code 137 (killed by SIGKILL); restarting in 0.2 s"));
        assertThat(messages()).anySatisfy(m -> assertThat(m).startsWith("fake-service is back (pid " + second + "), healthy "));
    }

    @Test
    void eachQuickDeathWaitsTwiceAsLongUpToTheMaximum() {
        for (int death = 1; death <= 5; death++) {
            long pid = service.process().pid();
            service.process().destroyForcibly();
            int backs = death;
            await(() -> messages().stream().filter(m -> m.contains(" is back ")).count() == backs && service.process().pid() != pid);
        }
        assertThat(messages()).filteredOn(m -> m.contains(" died at ")).extracting(m -> m.substring(m.indexOf("restarting in")))
                .containsExactly("restarting in 0.2 s", "restarting in 0.4 s", "restarting in 0.8 s", "restarting in 1.6 s", "restarting in 2.0 s");
    }

    @Test
    void aStopThatWasAskedForIsNotADeath() {
        Process running = service.process();

        supervision.close();
        service.close();

        assertThat(running.isAlive()).isFalse();
        assertThatThrownBy(() -> service.start(Map.of())).hasMessageContaining("was stopped");
        assertThat(messages()).noneMatch(m -> m.contains(" died at "));
    }

    @Test
    void exitStatusesReadAsPeopleNameThem() {
        assertThat(Supervision.describe(137)).isEqualTo("exit code 137 (killed by SIGKILL)");
        assertThat(Supervision.describe(143)).isEqualTo("exit code 143 (killed by SIGTERM)");
        assertThat(Supervision.describe(3)).isEqualTo("exit code 3");
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private void awaitLogged(String text) {
        await(() -> messages().stream().anyMatch(m -> m.contains(text)));
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A runnable jar holding just the class, as the services' packaged jars are (with an empty lib beside it). */
}
