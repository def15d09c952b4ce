package dev.eventline.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Memory each component holds now, in bytes: the proportional set size of its processes (from
 * {@code /proc/<pid>/smaps_rollup}), which counts pages shared between processes once in all,
 * so PostgreSQL's shared buffers are not counted once per backend.
 */
public final class MemoryProfile {

    private MemoryProfile() {
    }

    /** Bytes per component (the JVMs, PostgreSQL); empty where /proc is not there. */
    public static Map<String, Long> snapshot(Path postgresData) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        StackProcesses.eachProcess(postgresData, (component, pid) -> proportionalBytes(pid).ifPresent(b -> bytes.merge(component, b, Long::sum)));
        return bytes;
    }

    static OptionalLong proportionalBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return OptionalLong.of(1024 * Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return OptionalLong.empty();
    }
}
