package dev.eventline.schemas.evolution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.util.RandomData;

/**
 * The released versions of stored record types, kept in the repository:
 * {@code <root>/<record full name>/v<N>.avsc} and, written with that exact schema,
 * {@code v<N>.samples.avro} (an Avro container file, so it carries its writer schema).
 */
public final class ReleasedSchemas {

    public static final int SAMPLES_PER_VERSION = 25;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.avsc");

    private final Path root;

    public ReleasedSchemas(Path root) {
        this.root = root;
    }

    public record Release(String fullName, int version, Schema schema, Path samples) {
    }

    /** Every released version of the record type, oldest first; empty when never released. */
    public List<Release> versions(String fullName) {
        Path dir = root.resolve(fullName);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Release> releases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher m = VERSION.matcher(file.getFileName().toString());
                if (m.matches()) {
                    int version = Integer.parseInt(m.group(1));
                    releases.add(new Release(fullName, version, new Schema.Parser().parse(Files.readString(file)),
                            dir.resolve("v" + version + ".samples.avro")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        releases.sort(java.util.Comparator.comparingInt(Release::version));
        return releases;
    }

    /** All record types with a released directory. */
    public List<String> recordTypes() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Releases the schema as the next version, with deterministic random samples, unless it is
     * already the latest release. Returns the new version, or empty when nothing changed.
     */
    public java.util.OptionalInt release(Schema schema) {
        List<Release> existing = versions(schema.getFullName());
        if (!existing.isEmpty() && existing.get(existing.size() - 1).schema().equals(schema)) {
            return java.util.OptionalInt.empty();
        }
        int version = existing.isEmpty() ? 1 : existing.get(existing.size() - 1).version() + 1;
        Path dir = root.resolve(schema.getFullName());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("v" + version + ".avsc"), schema.toString(true) + "\n");
            try (DataFileWriter<Object> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema, GenericData.get()))) {
                writer.create(schema, dir.resolve("v" + version + ".samples.avro").toFile());
                long seed = new Random(schema.getFullName().hashCode() * 31L + version).nextLong();
                for (Object sample : new RandomData(GenericData.get(), schema, SAMPLES_PER_VERSION, seed)) {
                    writer.append(sample);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.OptionalInt.of(version);
    }
}
