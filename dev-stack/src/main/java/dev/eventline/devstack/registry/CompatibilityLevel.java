package dev.eventline.devstack.registry;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;

/**
 * Confluent's compatibility levels, decided by Avro's own {@link SchemaCompatibility}. BACKWARD:
 * the new schema reads data written with the old; FORWARD: the old reads the new; FULL: both.
 * The transitive forms check every earlier version, the others only the latest.
 */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /**
     * The reasons the candidate may not follow the earlier versions (oldest first); empty when
     * it may.
     */
    public List<String> violations(Schema candidate, List<Schema> earlier) {
        if (this == NONE || earlier.isEmpty()) {
            return List.of();
        }
        List<Schema> against = transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
        List<String> problems = new ArrayList<>();
        for (Schema old : against) {
            if (this != FORWARD && this != FORWARD_TRANSITIVE) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old).getResult(), "new schema reading old data", problems);
            }
            if (this != BACKWARD && this != BACKWARD_TRANSITIVE) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate).getResult(), "old schema reading new data", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaCompatibilityResult result, String direction, List<String> problems) {
        for (Incompatibility i : result.getIncompatibilities()) {
            problems.add("{errorType:'" + i.getType() + "', description:'" + direction + ": " + i.getMessage()
                    + "', additionalInfo:'" + i.getLocation() + "'}");
        }
    }

    /** Accepts any case, as Confluent does; null when the name is no level. */
    public static CompatibilityLevel parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return valueOf(value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
