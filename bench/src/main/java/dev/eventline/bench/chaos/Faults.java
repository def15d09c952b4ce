package dev.eventline.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The faults of a chaos run: every {@code every}, the next fault in turn on the next victim it
 * applies to: {@code kill -9} (supervision restarts a service, as under {@code ./eventline up};
 * the run restarts the database), a pause ({@code SIGSTOP}, then {@code SIGCONT} after
 * {@code pause}: a stalled process whose group sessions expire while it is frozen, and which must
 * find itself fenced when it wakes), or an outage (the database stopped for {@code outage}).
 * Each is timed from its start until the victim serves again. One fault at a time: the next
 * waits until the last one healed.
 */
final class Faults implements AutoCloseable {

    /** What is done to a victim. */
    enum Kind {
        KILL("kill -9"), PAUSE("SIGSTOP, SIGCONT"), OUTAGE("outage");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One fault: which, on which victim and process, when, and how long until it served again (null: never, within the run). */
    record Fault(Kind kind, String victim, long pid, Instant at, Duration recovery) {
    }

    private record Planned(Kind kind, Victim victim) {
    }

    private final List<Planned> plan = new ArrayList<>();
    private final Duration every;
    private final Duration pause;
    private final Duration outage;
    private final List<Fault> done = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    /** Each kind of fault in turn, done to each victim it applies to in turn. */
    Faults(List<Victim> victims, List<Kind> kinds, Duration every, Duration pause, Duration outage) {
        for (Kind kind : kinds) {
            victims.stream().filter(v -> v.faults().contains(kind)).forEach(v -> plan.add(new Planned(kind, v)));
        }
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("none of " + kinds + " applies to any victim");
        }
        this.every = every;
        this.pause = pause;
        this.outage = outage;
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
                Planned fault = plan.get(next++ % plan.size());
                Victim victim = fault.victim();
                long pid = victim.pid();
                Instant at = Instant.now();
                Duration recovery = switch (fault.kind()) {
                    case KILL -> victim.kill(at);
                    case PAUSE -> victim.pause(pause, at);
                    case OUTAGE -> victim.outage(outage, at);
                };
                synchronized (done) {
                    done.add(new Fault(fault.kind(), victim.name(), pid, at, recovery));
                }
                System.out.printf("[chaos] %s %s (pid %d): %s%n", fault.kind().label, victim.name(), pid,
                        recovery == null ? "not back within 3 minutes" : String.format("serving again after %.1f s", recovery.toMillis() / 1000.0));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many times every fault has been done to every victim it applies to (and healed, or been given up on). */
    int rounds() {
        synchronized (done) {
            return done.size() / plan.size();
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
