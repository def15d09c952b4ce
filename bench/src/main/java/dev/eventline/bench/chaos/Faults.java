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
 * The faults of a chaos run: every {@code every}, {@code kill -9} of the next service in turn, then
 * the time until it answers {@code /health} again (restarted by the stack's supervision, as under
 * {@code ./eventline up}). One fault at a time: the next waits until the last one healed.
 */
final class Faults implements AutoCloseable {

    /** One kill: which service, its process, when, and how long until it was healthy again (null: never, within the run). */
    record Fault(String service, long pid, Instant at, Duration recovery) {
    }

    private final Function<String, ServiceProcess> services;
    private final List<String> victims;
    private final Duration every;
    private final List<Fault> done = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    Faults(Function<String, ServiceProcess> services, List<String> victims, Duration every) {
        this.services = services;
        this.victims = List.copyOf(victims);
        this.every = every;
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
                String victim = victims.get(next++ % victims.size());
                ServiceProcess service = services.apply(victim);
                long pid = service.process().pid();
                Instant at = Instant.now();
                service.process().destroyForcibly(); // SIGKILL
                Duration recovery = awaitBack(service, pid, at);
                synchronized (done) {
                    done.add(new Fault(victim, pid, at, recovery));
                }
                System.out.printf("[chaos] kill -9 %s (pid %d): %s%n", victim, pid,
                        recovery == null ? "not back within 3 minutes" : String.format("healthy again after %.1f s", recovery.toMillis() / 1000.0));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** How many times every service has been killed (and healed, or given up on). */
    int rounds() {
        synchronized (done) {
            return done.size() / victims.size();
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
