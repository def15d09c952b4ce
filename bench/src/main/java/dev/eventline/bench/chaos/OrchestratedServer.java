package dev.eventline.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A server the platform depends on that the run itself starts again, standing in for the
 * orchestrator that would: PostgreSQL or the broker. Killed with SIGKILL and started again on its
 * data after {@link #RESTART_DELAY}, or stopped for an outage; meanwhile and until it serves
 * again, {@link OutageProbe} asks the platform what depends on it.
 */
final class OrchestratedServer implements Victim {

    /** How long an orchestrator takes to notice the death and start the server again. */
    static final Duration RESTART_DELAY = Duration.ofSeconds(2);

    /** How the server is started, stopped, and started after a crash. */
    record Lifecycle(Runnable start, Runnable stop, Runnable startAfterCrash) {
    }

    private final String name;
    private final LongSupplier pid;
    private final Lifecycle lifecycle;
    private final OutageProbe probe;

    OrchestratedServer(String name, LongSupplier pid, Lifecycle lifecycle, OutageProbe probe) {
        this.name = name;
        this.pid = pid;
        this.lifecycle = lifecycle;
        this.probe = probe;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Faults.Kind> faults() {
        return Set.of(Faults.Kind.KILL, Faults.Kind.OUTAGE);
    }

    @Override
    public long pid() {
        return pid.getAsLong();
    }

    @Override
    public Duration kill(Instant at) throws InterruptedException {
        Victim.signal("KILL", pid());
        probe.whileDown(at.plus(RESTART_DELAY));
        lifecycle.startAfterCrash().run();
        return probe.untilServed(at);
    }

    @Override
    public Duration outage(Duration outage, Instant at) throws InterruptedException {
        lifecycle.stop().run();
        probe.whileDown(at.plus(outage));
        lifecycle.start().run();
        return probe.untilServed(at);
    }
}
