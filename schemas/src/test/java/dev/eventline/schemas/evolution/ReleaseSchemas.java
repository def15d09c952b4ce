package dev.eventline.schemas.evolution;

import java.nio.file.Path;
import java.util.List;

import dev.eventline.schemas.PlatformRecords;
import org.apache.avro.Schema;

/**
 * Releases every platform record type whose schema changed: writes the next vN.avsc and its
 * samples under schemas/released/ (each domain releases its own, e.g. the ledger's LedgerSchemasTest). Run from the repository root with
 * {@code ./mvnw -q -pl schemas test-compile exec:java@release-schemas}, then commit the new files.
 * The build's SchemaEvolutionTest refuses a change that breaks BACKWARD_TRANSITIVE.
 */
public final class ReleaseSchemas {

    /** Relative to the schemas module, where the tests run. */
    static final Path RELEASED = Path.of("released");

    private ReleaseSchemas() {
    }

    static List<Schema> stored() {
        return PlatformRecords.STORED;
    }

    public static void main(String[] args) {
        ReleasedSchemas released = new ReleasedSchemas(args.length > 0 ? Path.of(args[0]) : RELEASED);
        new EvolutionGate(released).releaseChanged(stored()).forEach(System.out::println);
    }
}
