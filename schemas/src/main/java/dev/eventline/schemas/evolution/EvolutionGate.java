package dev.eventline.schemas.evolution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import dev.eventline.schemas.TrustedPackages;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The rules every stored record type keeps for life: the current schema is released, reads data
 * written with every released version (BACKWARD_TRANSITIVE), and decodes the stored samples of
 * every version into the current classes.
 */
public final class EvolutionGate {

    static {
        TrustedPackages.ensureInstalled();
    }

    private final ReleasedSchemas released;

    public EvolutionGate(ReleasedSchemas released) {
        this.released = released;
    }

    /** Everything wrong with the current schema against the releases; empty when it may ship. */
    public List<String> violations(Schema current) {
        List<String> problems = new ArrayList<>();
        List<ReleasedSchemas.Release> releases = released.versions(current.getFullName());
        if (releases.isEmpty()) {
            problems.add(current.getFullName() + " has never been released");
            return problems;
        }
        for (int i = 0; i < releases.size(); i++) {
            if (releases.get(i).version() != i + 1) {
                problems.add(current.getFullName() + ": released versions are not 1.." + releases.size() + " without gaps");
                break;
            }
        }
        ReleasedSchemas.Release latest = releases.get(releases.size() - 1);
        if (!latest.schema().equals(current)) {
            problems.add(current.getFullName() + " differs from its latest release v" + latest.version() + ": release it as v"
                    + (latest.version() + 1));
        }
        for (ReleasedSchemas.Release release : releases) {
            for (Incompatibility i : SchemaCompatibility.checkReaderWriterCompatibility(current, release.schema()).getResult().getIncompatibilities()) {
                problems.add(current.getFullName() + " cannot read v" + release.version() + " data: " + i.getType() + " at "
                        + i.getLocation() + " (" + i.getMessage() + ")");
            }
        }
        return problems;
    }

    /**
     * Releases each schema that changed compatibly as its next version; an incompatible change is
     * not released. Returns one line per schema saying what happened, for the release tool to print.
     */
    public List<String> releaseChanged(List<Schema> schemas) {
        List<String> report = new ArrayList<>();
        for (Schema schema : schemas) {
            List<String> blocking = violations(schema).stream().filter(v -> v.contains("cannot read")).toList();
            if (!blocking.isEmpty()) {
                report.add("not released, incompatible: " + blocking);
                continue;
            }
            report.add(released.release(schema).stream().mapToObj(v -> "released " + schema.getFullName() + " v" + v).findFirst()
                    .orElse("unchanged " + schema.getFullName()));
        }
        return report;
    }

    /** Decodes every stored sample of every version with the current schema; returns how many. */
    public int replaySamples(Schema current) {
        int decoded = 0;
        for (ReleasedSchemas.Release release : released.versions(current.getFullName())) {
            SpecificDatumReader<Object> reader = new SpecificDatumReader<>(null, current, SpecificData.getForSchema(current));
            try (DataFileReader<Object> file = new DataFileReader<>(release.samples().toFile(), reader)) {
                if (!file.getSchema().equals(release.schema())) {
                    throw new IllegalStateException(release.samples() + " was not written with v" + release.version() + ".avsc");
                }
                while (file.hasNext()) {
                    file.next();
                    decoded++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot replay " + release.samples(), e);
            }
        }
        return decoded;
    }
}
