package dev.eventline.schemas;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro (1.11.4+) instantiates only trusted classes for specific records, so that a schema name in
 * a record cannot load an arbitrary class. Eventline's generated packages are trusted here once,
 * for every service, instead of through a system property each runtime must remember; a domain
 * elsewhere adds its own prefix with {@code eventline.avro.trusted.packages}.
 */
public final class TrustedPackages {

    public static final String CONFIG = "eventline.avro.trusted.packages";
    private static final Set<String> PREFIXES = ConcurrentHashMap.newKeySet();

    static {
        PREFIXES.add("dev.eventline.");
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                type -> PREFIXES.stream().anyMatch(prefix -> type.getName().startsWith(prefix))));
    }

    private TrustedPackages() {
    }

    /** Trusts classes in the comma-separated packages (and their subpackages). */
    public static void trust(String packages) {
        List<String> names = Arrays.stream(packages.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        names.forEach(name -> PREFIXES.add(name.endsWith(".") ? name : name + "."));
    }

    /** Loads the class, installing the Eventline prefix; idempotent. */
    public static void ensureInstalled() {
        // the static initializer did the work
    }
}
