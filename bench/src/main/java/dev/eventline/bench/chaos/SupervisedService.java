package dev.eventline.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.eventline.devstack.services.ServiceProcess;

/** A service under the stack's supervision: killed, it is restarted as under {@code ./eventline up}; it serves again when it answers {@code /health}. */
final class SupervisedService implements Victim {

    private final ServiceProcess service;

    SupervisedService(ServiceProcess service) {
        this.service = service;
    }

    @Override
    public String name() {
        return service.spec().name();
    }

    @Override
    public Set<Faults.Kind> faults() {
        return Set.of(Faults.Kind.KILL, Faults.Kind.PAUSE);
    }

    @Override
    public long pid() {
        return service.process().pid();
    }

    @Override
    public Duration kill(Instant at) throws InterruptedException {
        long pid = pid();
        service.process().destroyForcibly(); // SIGKILL
        return awaitBack(pid, at);
    }

    /** Frozen for {@code pause}, then thawed: the same process must become healthy again. */
    @Override
    public Duration pause(Duration pause, Instant at) throws InterruptedException {
        long pid = pid();
        Victim.signal("STOP", pid);
        try {
            Thread.sleep(pause.toMillis());
        } finally {
            Victim.signal("CONT", pid);
        }
        try {
            service.awaitHealthy(Duration.ofMinutes(3));
            return Duration.between(at, Instant.now());
        } catch (IllegalStateException notBack) {
            return awaitBack(pid, at); // it did not survive the pause: supervision restarts it
        }
    }

    /** Until a new process of the service answers {@code /health}; null after 3 minutes. */
    private Duration awaitBack(long killed, Instant at) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (service.isAlive() && service.process().pid() != killed) {
                try {
                    service.awaitHealthy(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                    return Duration.between(at, Instant.now());
                } catch (IllegalStateException diedAgain) {
                    // exited while starting: supervision starts it once more
                }
            }
            Thread.sleep(50);
        }
        return null;
    }
}
