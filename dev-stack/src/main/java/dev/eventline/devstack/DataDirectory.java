package dev.eventline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The embedded stack's data directory: broker logs, PostgreSQL data and service state live below
 * it, so stopping and starting the stack keeps every event and row.
 */
public record DataDirectory(Path root) {

    public static final String ENV = "EVENTLINE_HOME";
    public static final String DEFAULT = ".eventline";

    /** {@code $EVENTLINE_HOME} when set, else {@code ./.eventline}. */
    public static DataDirectory fromEnvironment(Map<String, String> env) {
        String configured = env.get(ENV);
        Path root = configured == null || configured.isBlank() ? Path.of(DEFAULT) : Path.of(configured);
        return new DataDirectory(root.toAbsolutePath().normalize());
    }

    /**
     * Where the running stack is, as {@code NAME=value} lines named like the services' environment
     * variables: written by {@code up} once the broker, PostgreSQL and the registry are up, removed
     * when it stops; the replay tool reads it ({@code dev.eventline.replay.source.Connections}).
     */
    public Path connections() {
        return root.resolve(CONNECTIONS);
    }

    public static final String CONNECTIONS = "connections.env";

    public Path kafkaLogs() {
        return ensure(root.resolve("kafka"));
    }

    public Path postgresData() {
        return ensure(root.resolve("postgres"));
    }

    /** Where zonky unpacks the PostgreSQL binaries; kept so later starts skip the unpack. */
    public Path postgresRuntime() {
        return ensure(root.resolve("postgres-runtime"));
    }

    /** Service logs and the auditor log name clients: only the owner may enter the directory. */
    public Path logs() {
        Path logs = ensure(root.resolve("logs"));
        try {
            Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict " + logs, e);
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return logs;
    }

    /** Development token signing keys (see {@code DevelopmentKeys}). */
    public Path keys() {
        return ensure(root.resolve("keys"));
    }

    public Path service(String name) {
        return ensure(root.resolve("services").resolve(name));
    }

    private static Path ensure(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
