package dev.eventline.devstack.services;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a service that exits when nobody asked it to, as a process supervisor would: it stays a
 * child of this launcher (so stopping the launcher stops it), waits longer after each quick death
 * (from {@code first} doubling to {@code max}; back to {@code first} once a start lasted
 * {@code stable}), and says in the log what died, how (exit code, signal), when, and when it is
 * back. Exits after {@link ServiceProcess#close} are the stop that was asked for, not deaths.
 */
public final class Supervision implements AutoCloseable {

    /** How long to wait before a restart. */
    public record Backoff(Duration first, Duration max, Duration stable) {

        /** A first death is restarted at once (the restart itself takes seconds); a crash loop slows to one try in 30 s. */
        public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(60));

        Duration after(Duration previous, Duration lived) {
            if (previous == null || lived.compareTo(stable) >= 0) {
                return first;
            }
            Duration doubled = previous.multipliedBy(2);
            return doubled.compareTo(max) > 0 ? max : doubled;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Supervision.class);

    private final Map<String, String> environment;
    private final Duration healthTimeout;
    private final Backoff backoff;
    /** A thread per service at most: a restart waits for its service's health, not for another's. */
    private final ScheduledExecutorService restarts = Executors.newScheduledThreadPool(4, r -> {
        Thread thread = new Thread(r, "supervision");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    public Supervision(Map<String, String> environment, Duration healthTimeout, Backoff backoff) {
        this.environment = Map.copyOf(environment);
        this.healthTimeout = healthTimeout;
        this.backoff = backoff;
    }

    /** Watches a started service from now on. */
    public void watch(ServiceProcess service) {
        watch(service, null);
    }

    private void watch(ServiceProcess service, Duration lastDelay) {
        Process process = service.process();
        Instant started = Instant.now();
        process.onExit().thenAccept(exited -> {
            if (closed || service.isClosed()) {
                return;
            }
            Instant died = Instant.now();
            Duration delay = backoff.after(lastDelay, Duration.between(started, died));
            LOG.warn("{} (pid {}) died at {}: {}; restarting in {} s", service.spec().name(), exited.pid(), died, describe(exited.exitValue()),
                    delay.toMillis() / 1000.0);
            restarts.schedule(() -> restart(service, died, delay), delay.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void restart(ServiceProcess service, Instant died, Duration delay) {
        if (closed || service.isClosed()) {
            return;
        }
        try {
            service.start(environment);
        } catch (RuntimeException e) {
            LOG.error("{} could not be restarted: {}", service.spec().name(), e.getMessage());
            restarts.schedule(() -> restart(service, died, backoff.after(delay, Duration.ZERO)), delay.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        watch(service, delay);
        try {
            service.awaitHealthy(healthTimeout);
            LOG.info("{} is back (pid {}), healthy {} s after it died", service.spec().name(), service.process().pid(),
                    Duration.between(died, Instant.now()).toMillis() / 1000.0);
        } catch (RuntimeException e) {
            LOG.warn("{} restarted (pid {}) but is not healthy: {}", service.spec().name(), service.process().pid(), e.getMessage());
        }
    }

    /** An exit status as a person reads it: a JVM killed by signal N exits with 128 + N. */
    static String describe(int exitValue) {
        if (exitValue > 128 && exitValue < 128 + 65) {
            int signal = exitValue - 128;
            String name = switch (signal) {
                case 1 -> "SIGHUP";
                case 2 -> "SIGINT";
                case 6 -> "SIGABRT";
                case 9 -> "SIGKILL";
                case 11 -> "SIGSEGV";
                case 15 -> "SIGTERM";
                default -> "signal " + signal;
            };
            return "exit code " + exitValue + " (killed by " + name + ")";
        }
        return "exit code " + exitValue;
    }

    /** No more restarts; stopping the services is their owner's job. */
    @Override
    public void close() {
        closed = true;
        restarts.shutdownNow();
    }
}
