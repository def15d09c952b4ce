package dev.eventline.bench.report;

import java.util.Map;

import dev.eventline.bench.load.JvmMemory;
import dev.eventline.bench.load.Measurement;

/**
 * One level of the scale run: how its accounts were opened, the synchronous load measured on all
 * of them, the cores and memory each component used, and what lies on disk.
 *
 * @param aggregates   accounts of the level (opened at this level and the ones before)
 * @param opened       accounts this level added to the ones before
 * @param accepted     of those, how many the edge took
 * @param inReadModel  accounts of the level found in the read model once they had been decided
 * @param edgeSeconds  time the edge took to take this level's new accounts
 * @param seedSeconds  time until the read model held them
 * @param load         the synchronous commands measured once they were there
 * @param cores        cores per component during the measured step
 * @param compilerCores of those, the JIT compiler threads' per JVM
 * @param memoryBytes  proportional set size per component after the step
 * @param jvm          what each service's JVM said of its memory then
 * @param diskBytes    bytes on disk per store (the command service's state stores, the broker's log, PostgreSQL)
 */
public record ScaleLevel(int aggregates, long opened, long accepted, long inReadModel, double edgeSeconds, double seedSeconds,
                         Measurement load, Map<String, Double> cores, Map<String, Double> compilerCores, Map<String, Long> memoryBytes,
                         Map<String, JvmMemory.Figures> jvm, Map<String, Long> diskBytes) {

    public ScaleLevel {
        cores = Map.copyOf(cores);
        compilerCores = Map.copyOf(compilerCores);
        memoryBytes = Map.copyOf(memoryBytes);
        jvm = Map.copyOf(jvm);
        diskBytes = new java.util.LinkedHashMap<>(diskBytes);
    }

    /** CPU milliseconds of all components together per command done. */
    public double cpuMillisPerCommand() {
        return cpuMillisPerCommand(null);
    }

    /** CPU milliseconds of one component (all of them when null) per command done. */
    public double cpuMillisPerCommand(String component) {
        double used = component == null ? cores.values().stream().mapToDouble(Double::doubleValue).sum() : cores.getOrDefault(component, 0.0);
        return load.cpuMillisPerOperation(used);
    }
}
