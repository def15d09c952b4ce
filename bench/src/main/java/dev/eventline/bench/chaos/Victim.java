package dev.eventline.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A process of the stack that a chaos run does faults to. Each fault returns how long after
 * {@code at} the victim served again (what restarts it: the stack's supervision for a service, the
 * run itself standing in for an orchestrator for the database), or null when it did not within
 * three minutes.
 */
interface Victim {

    String name();

    /** The faults that make sense for it. */
    Set<Faults.Kind> faults();

    /** Its current process. */
    long pid();

    /** SIGKILL. */
    Duration kill(Instant at) throws InterruptedException;

    /** SIGSTOP, {@code pause}, SIGCONT. */
    default Duration pause(Duration pause, Instant at) throws InterruptedException {
        throw new UnsupportedOperationException(name() + " is not paused");
    }

    /** Stopped for {@code outage}, then started again. */
    default Duration outage(Duration outage, Instant at) throws InterruptedException {
        throw new UnsupportedOperationException(name() + " has no outage");
    }

    /** Sends a signal with the shell's own kill (no procps package needed). */
    static void signal(String signal, long pid) throws InterruptedException {
        try {
            int exit = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + exit);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot send SIG" + signal + " to " + pid, e);
        }
    }
}
