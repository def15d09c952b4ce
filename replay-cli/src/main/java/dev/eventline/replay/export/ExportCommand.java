package dev.eventline.replay.export;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.replay.source.Connections;
import dev.eventline.replay.source.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export --from --to [--source log|archive] [--type T] --format jsonl|parquet --out <file>}:
 * every event that occurred in [from, to), with its place in the log and both hashes, to a file an
 * auditor keeps. By default read from the Kafka log itself, the source of truth: every committed
 * record of every partition of each type's events topic, in log order per partition (each
 * aggregate's events in version order). {@code --source archive} reads the projection service's
 * archive by its time index instead, ordered by time, faster for a short range of a long log.
 * Parquet is written by DuckDB, ordered by time, so DuckDB (and {@code replay sql}) read it.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Events of a time range, from the log or the archive, to a JSON lines or Parquet file.")
public final class ExportCommand implements Callable<Integer> {

    public enum Format { jsonl, parquet }

    public enum Source { log, archive }

    @Mixin
    Connections connections;

    @Option(names = "--from", required = true, description = "first instant, inclusive (ISO-8601)")
    Instant from;

    @Option(names = "--to", required = true, description = "last instant, exclusive (ISO-8601)")
    Instant to;

    @Option(names = "--source", defaultValue = "log", description = "log (the Kafka log, the source of truth) or archive (default: ${DEFAULT-VALUE})")
    Source source;

    @Option(names = "--type", description = "only these aggregate types (default: every registered one)")
    List<String> types;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or parquet (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", required = true, description = "the file to write")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> exported = types != null ? types : Domains.discover().all().stream().map(AggregateType::name).toList();
        long count;
        try (ExportFile file = ExportFile.open(format, out)) {
            count = source == Source.log ? fromLog(exported, file) : fromArchive(exported, file);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("exported %,d events of %s that occurred in [%s, %s) from the %s to %s%n", count, String.join(", ", exported), from, to,
                source, out);
        err.flush();
        return 0;
    }

    /** Every committed record up to the partitions' ends when the export began. */
    private long fromLog(List<String> exported, ExportFile file) {
        EventLog log = new EventLog(connections);
        AtomicLong count = new AtomicLong();
        for (String type : exported) {
            log.endOffsets(log.topicOf(type)).forEach((partition, end) -> log.scan(type, partition, 0, end, event -> {
                ExportedEvent read = ExportedEvent.of(event);
                if (read.occurredIn(from, to)) {
                    file.write(read);
                    count.incrementAndGet();
                }
            }));
        }
        return count.get();
    }

    private long fromArchive(List<String> exported, ExportFile file) throws Exception {
        long count = 0;
        try (Connection c = connections.database()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("select " + ExportedEvent.ARCHIVE_COLUMNS + " from event_archive "
                    + "where occurred_at >= ? and occurred_at < ? and aggregate_type = any(?) order by occurred_at, aggregate_type, aggregate_id, version")) {
                s.setFetchSize(10_000);
                s.setTimestamp(1, Timestamp.from(from));
                s.setTimestamp(2, Timestamp.from(to));
                s.setArray(3, c.createArrayOf("text", exported.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        file.write(ExportedEvent.of(rs));
                        count++;
                    }
                }
            }
            c.rollback();
        }
        return count;
    }
}
