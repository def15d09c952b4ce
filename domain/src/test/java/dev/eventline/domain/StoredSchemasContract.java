package dev.eventline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.eventline.schemas.evolution.EvolutionGate;
import dev.eventline.schemas.evolution.ReleasedSchemas;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A domain's stored records (its envelopes, which carry every command and event type) under the
 * platform's evolution gate, against the releases in the module's {@code released/} directory: a
 * domain's test extends it and names its records; its {@code main} releases a compatible change
 * through {@link #release}.
 */
public abstract class StoredSchemasContract {

    /** Relative to the module, where the tests run. */
    protected static final Path RELEASED = Path.of("released");

    private final ReleasedSchemas released = new ReleasedSchemas(RELEASED);
    private final EvolutionGate gate = new EvolutionGate(released);

    protected abstract List<Schema> stored();

    @TestFactory
    Stream<DynamicTest> everyStoredSchemaIsReleasedAndReadsEveryEarlierVersion() {
        return stored().stream().map(schema -> DynamicTest.dynamicTest(schema.getName(), () -> {
            assertThat(gate.violations(schema)).as("release it: ./mvnw -q -pl domains/<name> test-compile exec:java@release-schemas").isEmpty();
            assertThat(gate.replaySamples(schema)).isEqualTo(released.versions(schema.getFullName()).size() * ReleasedSchemas.SAMPLES_PER_VERSION);
        }));
    }

    /** Releases each changed schema (compatible changes only) into {@code root}, printing what happened. */
    protected static void release(List<Schema> stored, String[] args) {
        Path root = args.length > 0 ? Path.of(args[0]) : RELEASED;
        new EvolutionGate(new ReleasedSchemas(root)).releaseChanged(stored).forEach(System.out::println);
    }
}
