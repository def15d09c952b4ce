package dev.eventline.replay.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.Set;

import dev.eventline.replay.history.EventJson;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Where exported events go: a JSON lines file as they come, or a Parquet file (written by DuckDB) ordered by time. */
interface ExportFile extends AutoCloseable {

    /** An export holds every event of every client: only its owner may read it. */
    FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** Adds the event; a failure to write is unchecked, since events arrive from a scan's callback. */
    void write(ExportedEvent event);

    @Override
    void close() throws Exception;

    static ExportFile open(ExportCommand.Format format, Path out) throws Exception {
        Files.deleteIfExists(out);
        return format == ExportCommand.Format.jsonl ? new JsonLines(out) : new Parquet(out);
    }

    /** One JSON document per line, in the order written. */
    final class JsonLines implements ExportFile {

        private final BufferedWriter writer;

        JsonLines(Path out) throws IOException {
            Files.createFile(out, OWNER_ONLY);
            this.writer = Files.newBufferedWriter(out);
        }

        @Override
        public void write(ExportedEvent event) {
            try {
                writer.write(EventJson.line(event.json()));
                writer.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the export", e);
            }
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    /** A table in an in-memory DuckDB, copied to Parquet ordered by time, then aggregate and version. */
    final class Parquet implements ExportFile {

        private final Path out;
        private final DuckDBConnection duck;
        private final DuckDBAppender appender;

        Parquet(Path out) throws SQLException {
            this.out = out;
            this.duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = duck.createStatement()) {
                s.execute("create table events (aggregate_type varchar, aggregate_id varchar, version bigint, type varchar, "
                        + "occurred_at timestamptz, recorded_at timestamptz, event_id varchar, command_id varchar, client_id varchar, "
                        + "correlation_id varchar, causation_id varchar, topic varchar, \"partition\" integer, \"offset\" bigint, "
                        + "prev_hash varchar, hash varchar, payload varchar)");
            }
            this.appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events");
        }

        @Override
        public void write(ExportedEvent e) {
            try {
                append(e);
            } catch (SQLException failed) {
                throw new IllegalStateException("cannot write the export: " + failed.getMessage(), failed);
            }
        }

        private void append(ExportedEvent e) throws SQLException {
            appender.beginRow();
            appender.append(e.aggregateType());
            appender.append(e.aggregateId());
            appender.append(e.version());
            appender.append(e.type());
            appender.append(e.occurredAt().atOffset(ZoneOffset.UTC));
            appender.append(e.recordedAt().atOffset(ZoneOffset.UTC));
            appender.append(e.eventId());
            appender.append(e.commandId());
            appender.append(e.clientId());
            appender.append(e.correlationId());
            appender.append(e.causationId());
            appender.append(e.topic());
            appender.append(e.partition());
            appender.append(e.offset());
            appender.append(e.prevHash());
            appender.append(e.hash());
            appender.append(e.payload().toString());
            appender.endRow();
        }

        @Override
        public void close() throws Exception {
            try (duck) {
                appender.close();
                try (Statement s = duck.createStatement()) {
                    s.execute("copy (select * from events order by occurred_at, aggregate_type, aggregate_id, version) to '"
                            + out.toAbsolutePath().toString().replace("'", "''") + "' (format parquet)");
                }
                Files.setPosixFilePermissions(out, OWNER_ONLY.value());
            }
        }
    }
}
