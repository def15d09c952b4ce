package dev.eventline.replay.source;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU time the threads doing a replay command's work spent in it (their own reads, decoding,
 * hashing, folding and JDBC calls; not the database server's nor the broker's). It leaves out the
 * time a thread waits for a core, so other load on the machine disturbs CPU per event less than
 * events per second.
 */
public final class WorkCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final AtomicLong nanos = new AtomicLong();

    /** Runs {@code work} on the calling thread, adding the CPU time it took. */
    public <T> T measure(Callable<T> work) throws Exception {
        long before = now();
        try {
            return work.call();
        } finally {
            addSince(before);
        }
    }

    /** The calling thread's CPU time so far, for {@link #since(long)} around work that does not fit a callable. */
    public static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** The calling thread's CPU time since {@code threadCpuAtStart} (from {@link #now()} on this thread). */
    public static WorkCpu since(long threadCpuAtStart) {
        WorkCpu cpu = new WorkCpu();
        cpu.addSince(threadCpuAtStart);
        return cpu;
    }

    private void addSince(long threadCpuAtStart) {
        nanos.addAndGet(now() - threadCpuAtStart);
    }

    public double seconds() {
        return nanos.get() / 1e9;
    }

    /** Microseconds of CPU per event (0 for no events). */
    public double microsPerEvent(long events) {
        return events == 0 ? 0.0 : nanos.get() / 1e3 / events;
    }

    /** {@code cpuSeconds} and {@code cpuMicrosPerEvent}, in that order, for a command's JSON report. */
    public Map<String, Object> report(long events) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cpuSeconds", Math.round(seconds() * 1000) / 1000.0);
        report.put("cpuMicrosPerEvent", Math.round(microsPerEvent(events) * 100) / 100.0);
        return report;
    }
}
