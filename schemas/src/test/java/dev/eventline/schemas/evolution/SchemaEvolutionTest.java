package dev.eventline.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.eventline.ledger.account.Deposited;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The build's evolution gate over schemas/released, and proof that the gate can fail. */
class SchemaEvolutionTest {

    private final ReleasedSchemas released = new ReleasedSchemas(ReleaseSchemas.RELEASED);
    private final EvolutionGate gate = new EvolutionGate(released);

    @TestFactory
    Stream<DynamicTest> shouldKeepEveryStoredSchemaReleasedAndBackwardTransitive() {
        return ReleaseSchemas.stored().stream().map(schema -> DynamicTest.dynamicTest(schema.getName(),
                () -> assertThat(gate.violations(schema)).as("run ReleaseSchemas (see its javadoc) for a compatible change").isEmpty()));
    }

    @TestFactory
    Stream<DynamicTest> shouldDecodeSamplesOfEveryReleasedVersionIntoTheCurrentClasses() {
        return ReleaseSchemas.stored().stream().map(schema -> DynamicTest.dynamicTest(schema.getName(), () -> {
            int versions = released.versions(schema.getFullName()).size();
            assertThat(gate.replaySamples(schema)).isEqualTo(versions * ReleasedSchemas.SAMPLES_PER_VERSION);
        }));
    }

    @Test
    void shouldReleaseOnlyStoredRecordTypes() {
        assertThat(released.recordTypes()).containsExactlyInAnyOrderElementsOf(
                ReleaseSchemas.stored().stream().map(Schema::getFullName).toList());
    }

    @Test
    void shouldAcceptACompatibleNewVersionAndReplayBothVersions(@TempDir Path dir) {
        ReleasedSchemas history = new ReleasedSchemas(dir);
        history.release(oldDeposited(Schema.Type.LONG));
        history.release(Deposited.getClassSchema());

        EvolutionGate gate = new EvolutionGate(history);

        assertThat(gate.violations(Deposited.getClassSchema())).isEmpty();
        assertThat(gate.replaySamples(Deposited.getClassSchema())).isEqualTo(2 * ReleasedSchemas.SAMPLES_PER_VERSION);
    }

    @Test
    void shouldRefuseASchemaThatCannotReadAnEarlierVersion(@TempDir Path dir) {
        ReleasedSchemas history = new ReleasedSchemas(dir);
        history.release(oldDeposited(Schema.Type.STRING));
        history.release(Deposited.getClassSchema());

        List<String> violations = new EvolutionGate(history).violations(Deposited.getClassSchema());

        assertThat(violations).singleElement().asString()
                .contains("cannot read v1 data", "TYPE_MISMATCH at /fields/0/type", "LONG not compatible with writer type: STRING");
    }

    @Test
    void shouldRefuseAnUnreleasedChange(@TempDir Path dir) {
        ReleasedSchemas history = new ReleasedSchemas(dir);
        history.release(oldDeposited(Schema.Type.LONG));

        assertThat(new EvolutionGate(history).violations(Deposited.getClassSchema()))
                .containsExactly("dev.eventline.ledger.account.Deposited differs from its latest release v1: release it as v2");
        assertThat(new EvolutionGate(new ReleasedSchemas(dir.resolve("none"))).violations(Deposited.getClassSchema()))
                .containsExactly("dev.eventline.ledger.account.Deposited has never been released");
    }

    @Test
    void shouldNotReleaseTheSameSchemaTwice(@TempDir Path dir) {
        ReleasedSchemas history = new ReleasedSchemas(dir);

        assertThat(history.release(Deposited.getClassSchema())).hasValue(1);
        assertThat(history.release(Deposited.getClassSchema())).isEmpty();
    }

    /** Deposited as an earlier release might have had it: no transferId, amount of the given type. */
    private static Schema oldDeposited(Schema.Type amountType) {
        return SchemaBuilder.record("Deposited").namespace("dev.eventline.ledger.account").fields()
                .name("amount").type(Schema.create(amountType)).noDefault().endRecord();
    }
}
