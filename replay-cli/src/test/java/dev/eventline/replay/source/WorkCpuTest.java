package dev.eventline.replay.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class WorkCpuTest {

    /** Busy for about {@code millis} of this thread's CPU time. */
    private static long spin(long millis) {
        long until = WorkCpu.now() + TimeUnit.MILLISECONDS.toNanos(millis);
        long sum = 0;
        while (WorkCpu.now() < until) {
            sum += System.nanoTime() % 7;
        }
        return sum;
    }

    @Test
    void countsTheCpuOfTheWorkOnEveryThreadThatRanSome() throws Exception {
        WorkCpu cpu = new WorkCpu();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> first = pool.submit(() -> cpu.measure(() -> spin(100)));
            Future<Long> second = pool.submit(() -> cpu.measure(() -> spin(100)));
            first.get();
            second.get();
        } finally {
            pool.shutdown();
        }
        assertThat(cpu.seconds()).isBetween(0.2, 1.0);
    }

    @Test
    void waitingCostsNoCpu() throws Exception {
        WorkCpu cpu = new WorkCpu();
        cpu.measure(() -> {
            Thread.sleep(200); // the work measured is a wait, not a wait for a condition
            return null;
        });
        assertThat(cpu.seconds()).isLessThan(0.05);
    }

    @Test
    void reportsCpuPerEventInMicroseconds() {
        long start = WorkCpu.now();
        spin(50);
        WorkCpu cpu = WorkCpu.since(start);
        double perEvent = (Double) cpu.report(1_000).get("cpuMicrosPerEvent");
        assertThat(perEvent).isCloseTo(cpu.seconds() * 1e6 / 1_000, org.assertj.core.data.Offset.offset(0.01));
        assertThat(perEvent).isBetween(50.0, 200.0);
        assertThat(cpu.report(0).get("cpuMicrosPerEvent")).isEqualTo(0.0);
    }
}
