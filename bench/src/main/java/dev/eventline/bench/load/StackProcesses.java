package dev.eventline.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The JVMs of a bench run: this one (the broker, the registry and the load generator live here)
 * and each service it started, named by the module jar on its command line. PostgreSQL, which is
 * no JVM, is left out.
 */
public final class StackProcesses {

    public static final String HARNESS = "harness JVM (broker, registry, load generator)";
    /** A JVM this one started that is none of the services. */
    public static final String OTHER = "other";
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
