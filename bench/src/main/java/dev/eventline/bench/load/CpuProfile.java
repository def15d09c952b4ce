package dev.eventline.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the cores go: CPU seconds used so far by this JVM (the broker, the registry and the load
 * generator live here) and by each child process (the three services, PostgreSQL), read from
 * {@code /proc/<pid>/stat}. Two snapshots around a step give each component's share of it.
 */
public final class CpuProfile {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private CpuProfile() {
    }

    /** CPU seconds per component (the JVMs, PostgreSQL); empty where /proc is not there. */
    public static Map<String, Double> snapshot(Path postgresData) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        StackProcesses.eachProcess(postgresData, (component, pid) -> add(seconds, component, pid));
        return seconds;
    }

    /**
     * CPU seconds each JVM's JIT compiler threads ({@code C1/C2 CompilerThread*}) used so far: the
     * part of a step's cores that goes to compiling code, which a warmed-up production JVM no
     * longer pays.
     */
    public static Map<String, Double> compilerSnapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        StackProcesses.eachJvm((component, pid) -> addCompiler(seconds, component, pid));
        return seconds;
    }

    /** Cores each component used between two snapshots taken {@code elapsedSeconds} apart. */
    public static Map<String, Double> cores(Map<String, Double> before, Map<String, Double> after, double elapsedSeconds) {
        Map<String, Double> cores = new LinkedHashMap<>();
        // At least 0: a thread counted before may have ended since (the JVM stops idle compiler threads).
        after.forEach((component, total) -> cores.put(component, Math.max(0, total - before.getOrDefault(component, 0.0)) / elapsedSeconds));
        return cores;
    }

    private static void add(Map<String, Double> seconds, String component, long pid) {
        cpuSeconds(pid).ifPresent(s -> seconds.merge(component, s, Double::sum));
    }

    private static void addCompiler(Map<String, Double> seconds, String component, long pid) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            threads.filter(CpuProfile::isCompiler).forEach(thread -> cpuSeconds(thread.resolve("stat"))
                    .ifPresent(s -> seconds.merge(component, s, Double::sum)));
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
    }

    private static boolean isCompiler(Path thread) {
        try {
            // Linux keeps 15 characters of a thread's name: "C2 CompilerThre".
            return Files.readString(thread.resolve("comm")).matches("(?s)C[12] CompilerThre.*");
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Double> cpuSeconds(long pid) {
        return cpuSeconds(Path.of("/proc", String.valueOf(pid), "stat"));
    }

    private static Optional<Double> cpuSeconds(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not Linux
        }
    }
}
