package dev.eventline.replay.export;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.eventline.replay.history.EventJson;
import dev.eventline.replay.source.Connections;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export --from --to --format jsonl|parquet --out <file>}: every event that occurred in
 * [from, to), from the archive (which {@code verify} holds against the log), with its hashes, to a
 * file an auditor keeps. Parquet is written by DuckDB, so DuckDB (and {@code replay sql}) read it.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Events of a time range to a JSON lines or Parquet file.")
public final class ExportCommand implements Callable<Integer> {

    public enum Format { jsonl, parquet }

    /** An export holds every event of every client: only its owner may read it. */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    static final String COLUMNS = "aggregate_type, aggregate_id, version, event_type, occurred_at, recorded_at, event_id::text, "
            + "command_id, client_id, correlation_id, causation_id, topic, partition, \"offset\", prev_hash, hash, payload::text";

    @Mixin
    Connections connections;

    @Option(names = "--from", required = true, description = "first instant, inclusive (ISO-8601)")
    Instant from;

    @Option(names = "--to", required = true, description = "last instant, exclusive (ISO-8601)")
    Instant to;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or parquet (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", required = true, description = "the file to write")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long count;
        try (Connection c = connections.database()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from event_archive where occurred_at >= ? and occurred_at < ? "
                    + "order by occurred_at, aggregate_type, aggregate_id, version")) {
                s.setFetchSize(10_000);
                s.setTimestamp(1, Timestamp.from(from));
                s.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = s.executeQuery()) {
                    count = format == Format.jsonl ? jsonLines(rs) : parquet(rs);
                }
            }
            c.rollback();
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("exported %,d events that occurred in [%s, %s) to %s%n", count, from, to, out);
        err.flush();
        return 0;
    }

    private long jsonLines(ResultSet rs) throws Exception {
        long count = 0;
        Files.deleteIfExists(out);
        Files.createFile(out, OWNER_ONLY);
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            while (rs.next()) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("aggregateType", rs.getString(1));
                event.put("aggregateId", rs.getString(2));
                event.put("version", rs.getLong(3));
                event.put("type", rs.getString(4));
                event.put("occurredAt", rs.getTimestamp(5).toInstant().toString());
                event.put("recordedAt", rs.getTimestamp(6).toInstant().toString());
                event.put("eventId", rs.getString(7));
                event.put("commandId", rs.getString(8));
                event.put("clientId", rs.getString(9));
                event.put("correlationId", rs.getString(10));
                event.put("causationId", rs.getString(11));
                event.put("topic", rs.getString(12));
                event.put("partition", rs.getInt(13));
                event.put("offset", rs.getLong(14));
                event.put("prevHash", HexFormat.of().formatHex(rs.getBytes(15)));
                event.put("hash", HexFormat.of().formatHex(rs.getBytes(16)));
                event.put("payload", EventJson.JSON.readTree(rs.getString(17)));
                writer.write(EventJson.line(event));
                writer.newLine();
                count++;
            }
        }
        return count;
    }

    private long parquet(ResultSet rs) throws Exception {
        long count = 0;
        Files.deleteIfExists(out);
        try (DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = duck.createStatement()) {
                s.execute("create table events (aggregate_type varchar, aggregate_id varchar, version bigint, type varchar, "
                        + "occurred_at timestamptz, recorded_at timestamptz, event_id varchar, command_id varchar, client_id varchar, "
                        + "correlation_id varchar, causation_id varchar, topic varchar, \"partition\" integer, \"offset\" bigint, "
                        + "prev_hash varchar, hash varchar, payload varchar)");
            }
            try (DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
                while (rs.next()) {
                    appender.beginRow();
                    appender.append(rs.getString(1));
                    appender.append(rs.getString(2));
                    appender.append(rs.getLong(3));
                    appender.append(rs.getString(4));
                    appender.append(rs.getTimestamp(5).toInstant().atOffset(java.time.ZoneOffset.UTC));
                    appender.append(rs.getTimestamp(6).toInstant().atOffset(java.time.ZoneOffset.UTC));
                    appender.append(rs.getString(7));
                    appender.append(rs.getString(8));
                    appender.append(rs.getString(9));
                    appender.append(rs.getString(10));
                    appender.append(rs.getString(11));
                    appender.append(rs.getString(12));
                    appender.append(rs.getInt(13));
                    appender.append(rs.getLong(14));
                    appender.append(HexFormat.of().formatHex(rs.getBytes(15)));
                    appender.append(HexFormat.of().formatHex(rs.getBytes(16)));
                    appender.append(rs.getString(17));
                    appender.endRow();
                    count++;
                }
            }
            try (Statement s = duck.createStatement()) {
                s.execute("copy events to '" + out.toAbsolutePath().toString().replace("'", "''") + "' (format parquet)");
                Files.setPosixFilePermissions(out, OWNER_ONLY.value());
            }
        }
        return count;
    }
}
