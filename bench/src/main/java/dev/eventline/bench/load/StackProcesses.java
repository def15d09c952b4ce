package dev.eventline.bench.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The JVMs of a bench run: this one (the broker, the registry and the load generator live here)
 * and each service it started, named by the module jar on its command line; with
 * {@link #eachProcess}, PostgreSQL's processes too.
 */
public final class StackProcesses {

    public static final String HARNESS = "harness JVM (broker, registry, load generator)";
    /** A JVM this one started that is none of the services. */
    public static final String OTHER = "other";
    public static final String POSTGRES = "postgresql";
    private static final String[] SERVICES = {"command-service", "projection-service", "query-service"};

    private StackProcesses() {
    }

    /** This JVM and every JVM it started, with the component each one is. */
    public static void eachJvm(BiConsumer<String, Long> visit) {
        ProcessHandle self = ProcessHandle.current();
        visit.accept(HARNESS, self.pid());
        self.descendants().filter(p -> !p.info().commandLine().orElse("").contains("postgres"))
                .forEach(process -> visit.accept(component(process), process.pid()));
    }

    /**
     * Every JVM as {@link #eachJvm}, then PostgreSQL's server and backends. The server detaches from
     * this JVM, so it is found by its data directory on the command line.
     */
    public static void eachProcess(Path postgresData, BiConsumer<String, Long> visit) {
        eachJvm(visit);
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(postgresData.toString())).findFirst()
                .ifPresent(postmaster -> {
                    visit.accept(POSTGRES, postmaster.pid());
                    postmaster.descendants().forEach(backend -> visit.accept(POSTGRES, backend.pid()));
                });
    }

    /** The services' process ids, by service name. */
    public static Map<String, Long> services() {
        Map<String, Long> services = new LinkedHashMap<>();
        eachJvm((component, pid) -> {
            if (!component.equals(HARNESS) && !component.equals(OTHER)) {
                services.put(component, pid);
            }
        });
        return services;
    }

    private static String component(ProcessHandle process) {
        String command = process.info().commandLine().orElse("");
        for (String service : SERVICES) {
            if (command.contains("eventline-" + service)) {
                return service;
            }
        }
        return OTHER;
    }
}
