package dev.eventline.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.eventline.devstack.services.ServiceProcess;

/**
 * The faults of a chaos run: every {@code every}, the next fault in turn on the next service:
 * {@code kill -9} (the stack's supervision restarts it, as under {@code ./eventline up}), or a
 * pause ({@code SIGSTOP}, then {@code SIGCONT} after {@code pause}: a stalled process whose
 * group sessions expire while it is frozen, and which must find itself fenced when it wakes).
 * Each is timed from its start until the service answers {@code /health} again. One fault at a
 * time: the next waits until the last one healed.
 */
final class Faults implements AutoCloseable {

    /** What is done to a service. */
    enum Kind {
        KILL("kill -9"), PAUSE("SIGSTOP, SIGCONT");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One fault: which, on which service and process, when, and how long until it was healthy again (null: never, within the run). */
    record Fault(Kind kind, String service, long pid, Instant at, Duration recovery) {
    }

    private final Function<String, ServiceProcess> services;
    private final List<String> victims;
    private final List<Kind> kinds;
    private final Duration every;
    private final Duration pause;
    private final List<Fault> done = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    Faults(Function<String, ServiceProcess> services, List<String> victims, List<Kind> kinds, Duration every, Duration pause) {
        this.services = services;
        this.victims = List.copyOf(victims);
        this.kinds = List.copyOf(kinds);
        this.every = every;
        this.pause = pause;
        this.thread = new Thread(this::run, "chaos-faults");
    }

    Faults start() {
        thread.start();
        return this;
    }

    private void run() {
        int next = 0;
        try {
            while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                Kind kind = kinds.get(next / victims.size() % kinds.size());
                String victim = victims.get(next++ % victims.size());
                ServiceProcess service = services.apply(victim);
                long pid = service.process().pid();
                Instant at = Instant.now();
                Duration recovery = kind == Kind.KILL ? kill(service, pid, at) : pause(service, pid, at);
                synchronized (done) {
                    done.add(new Fault(kind, victim, pid, at, recovery));
                }
                System.out.printf("[chaos] %s %s (pid %d): %s%n", kind.label, victim, pid,
                        recovery == null ? "not back within 3 minutes" : String.format("healthy again after %.1f s", recovery.toMillis() / 1000.0));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration kill(ServiceProcess service, long pid, Instant at) throws InterruptedException {
        service.process().destroyForcibly(); // SIGKILL
        return awaitBack(service, pid, at);
    }

    /** Frozen for {@code pause}, then thawed: the same process must become healthy again. */
    private Duration pause(ServiceProcess service, long pid, Instant at) throws InterruptedException {
        signal("STOP", pid);
        try {
            Thread.sleep(pause.toMillis());
        } finally {
            signal("CONT", pid);
        }
        try {
            service.awaitHealthy(Duration.ofMinutes(3));
            return Duration.between(at, Instant.now());
        } catch (IllegalStateException notBack) {
            return awaitBack(service, pid, at); // it did not survive the pause: supervision restarts it
        }
    }

    private static void signal(String signal, long pid) throws InterruptedException {
        try {
            // The shell's own kill: no procps package needed.
            int exit = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + exit);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot send SIG" + signal + " to " + pid, e);
        }
    }

    /** Until a new process of the service answers {@code /health}; null after 3 minutes. */
    private static Duration awaitBack(ServiceProcess service, long killed, Instant at) throws InterruptedException {
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

    /** How many times every fault has been done to every service (and healed, or been given up on). */
    int rounds() {
        synchronized (done) {
            return done.size() / (victims.size() * kinds.size());
        }
    }

    List<Fault> faults() {
        synchronized (done) {
            return List.copyOf(done);
        }
    }

    /** No more faults; waits until the last one healed. */
    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join();
    }
}
