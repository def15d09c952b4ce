package dev.eventline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.eventline.orders.schema.OrderCommand;
import dev.eventline.orders.schema.OrderEvent;
import dev.eventline.schemas.evolution.EvolutionGate;
import dev.eventline.schemas.evolution.ReleasedSchemas;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The orders' stored records (their envelopes, which carry every command and event type) under
 * the platform's evolution gate, against the releases in domains/orders/released. After a
 * compatible change, release it with
 * {@code ./mvnw -q -pl domains/orders test-compile exec:java@release-schemas}
 * and commit the new files.
 */
class OrderSchemasTest {

    static final List<Schema> STORED = List.of(OrderCommand.getClassSchema(), OrderEvent.getClassSchema());
    /** Relative to this module, where the tests run. */
    private static final Path RELEASED = Path.of("released");

    private final ReleasedSchemas released = new ReleasedSchemas(RELEASED);
    private final EvolutionGate gate = new EvolutionGate(released);

    @TestFactory
    Stream<DynamicTest> everyStoredSchemaIsReleasedAndReadsEveryEarlierVersion() {
        return STORED.stream().map(schema -> DynamicTest.dynamicTest(schema.getName(), () -> {
            assertThat(gate.violations(schema)).as("release it (see this class's javadoc)").isEmpty();
            assertThat(gate.replaySamples(schema)).isEqualTo(released.versions(schema.getFullName()).size() * ReleasedSchemas.SAMPLES_PER_VERSION);
        }));
    }

    public static void main(String[] args) {
        Path root = args.length > 0 ? Path.of(args[0]) : RELEASED;
        new EvolutionGate(new ReleasedSchemas(root)).releaseChanged(STORED).forEach(System.out::println);
    }
}
