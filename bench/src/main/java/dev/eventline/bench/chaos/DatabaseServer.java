package dev.eventline.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.eventline.devstack.postgres.PostgresServer;

/**
 * PostgreSQL, which the projection and query services depend on: killed with SIGKILL and started
 * again on its data after {@link #RESTART_DELAY} (the run stands in for the orchestrator that
 * would), or stopped for an outage. Meanwhile and until the query API serves again,
 * {@link OutageProbe} reads an account through it.
 */
final class DatabaseServer implements Victim {

    /** How long an orchestrator takes to notice the death and start the server again. */
    static final Duration RESTART_DELAY = Duration.ofSeconds(2);

    private final PostgresServer postgres;
    private final OutageProbe probe;

    DatabaseServer(PostgresServer postgres, OutageProbe probe) {
        this.postgres = postgres;
        this.probe = probe;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Set<Faults.Kind> faults() {
        return Set.of(Faults.Kind.KILL, Faults.Kind.OUTAGE);
    }

    @Override
    public long pid() {
        return postgres.pid();
    }

    @Override
    public Duration kill(Instant at) throws InterruptedException {
        long pid = pid();
        Victim.signal("KILL", pid);
        probe.whileDown(at.plus(RESTART_DELAY));
        postgres.startAfterCrash();
        return probe.untilServed(at);
    }

    @Override
    public Duration outage(Duration outage, Instant at) throws InterruptedException {
        postgres.close();
        probe.whileDown(at.plus(outage));
        postgres.start();
        return probe.untilServed(at);
    }
}
