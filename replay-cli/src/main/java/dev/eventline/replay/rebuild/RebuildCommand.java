package dev.eventline.replay.rebuild;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import dev.eventline.domain.Domains;
import dev.eventline.projection.core.ProjectedRecord;
import dev.eventline.projection.core.Projection;
import dev.eventline.projection.core.ProjectionBatch;
import dev.eventline.projection.core.ProjectionOffsets;
import dev.eventline.projection.core.ReadModelVersions;
import dev.eventline.replay.history.EventJson;
import dev.eventline.replay.source.Connections;
import dev.eventline.replay.source.EventLog;
import dev.eventline.replay.source.WorkCpu;
import dev.eventline.schemas.serde.WriterSchemas;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rebuild <projection>}: replays the projection's topics from offset zero into a fresh
 * copy of its tables (schema {@code <name>_v<version>_rebuild}) while the live tables keep serving
 * and the live projector keeps writing. Once the copy is close, it locks the live offsets (the
 * live projector waits), applies the last records up to exactly those offsets, compares every
 * table with the live one, and, when equal (or with {@code --force}), swaps the schemas and the
 * public views in the same transaction; the live projector then goes on writing into the rebuilt
 * tables. The old tables stay as {@code <schema>_replaced_<epoch milliseconds>}. Progress
 * (events, events/s, ETA) goes to stderr; an interrupted rebuild resumes from its own offsets.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Replay a projection from offset zero into new tables, compare them with the live ones, switch atomically.")
public final class RebuildCommand implements Callable<Integer> {

    @Mixin
    Connections connections;

    @Parameters(index = "0", description = "projection name, e.g. ledger")
    String name;

    @Option(names = "--batch", defaultValue = "5000", description = "records per transaction (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--force", description = "switch even when the rebuilt tables differ from the live ones (to repair them)")
    boolean force;

    @Spec
    CommandSpec spec;

    private Projection projection;
    private String live;
    private String rebuilt;
    private String key;
    private final List<String> skipped = new ArrayList<>();
    private WriterSchemas writerSchemas;

    @Override
    public Integer call() throws Exception {
        projection = ServiceLoader.load(Projection.class).stream().map(ServiceLoader.Provider::get).filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "no projection named " + name));
        live = projection.schema();
        rebuilt = live + "_rebuild";
        key = projection.name() + ":rebuild";
        EventlineTopics topics = connections.topics();
        List<Topic<String, ? extends SpecificRecord>> sources = projection.topics(topics, Domains.discover());
        Map<String, Deserializer<? extends SpecificRecord>> decoders = new HashMap<>();
        sources.forEach(t -> decoders.put(t.name(), t.valueSerde().deserializer()));
        PrintWriter err = spec.commandLine().getErr();

        try (Connection c = connections.database()) {
            checkActive(c);
        }
        ReadModelVersions.migrate(connections.dataSource(), projection, rebuilt);
        writerSchemas = new WriterSchemas(connections.registry());

        EventLog log = new EventLog(connections);
        long started = System.nanoTime();
        long cpuAtStart = WorkCpu.now();
        long applied = 0;
        KafkaConsumer<byte[], byte[]> consumer = log.consumer();
        try (Connection c = connections.database()) {
            c.setAutoCommit(false);
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<String, ? extends SpecificRecord> topic : sources) {
                consumer.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
            }
            Map<TopicPartition, Long> positions = resume(c, partitions);
            c.commit();
            consumer.assign(partitions);
            positions.forEach(consumer::seek);
            long resumedAt = positions.values().stream().mapToLong(Long::longValue).sum();
            long lastReport = System.nanoTime();
            // Catch up with the live projection while it keeps writing.
            while (true) {
                Map<TopicPartition, Long> target = liveOffsets(c, partitions, false);
                c.commit();
                long behind = behind(positions, target);
                if (behind <= batch) {
                    break;
                }
                applied += applyUpTo(consumer, c, positions, target, decoders);
                c.commit();
                if (System.nanoTime() - lastReport > Duration.ofSeconds(2).toNanos()) {
                    progress(err, applied, started, behind(positions, target), resumedAt);
                    lastReport = System.nanoTime();
                }
            }
            // The last stretch and the switch, in one transaction holding the live offsets still.
            Map<TopicPartition, Long> target = liveOffsets(c, partitions, true);
            applied += applyUpTo(consumer, c, positions, target, decoders);
            Map<String, Object> comparison = compare(c);
            boolean equal = (Boolean) comparison.get("equal");
            boolean switched = equal || force;
            String replaced = null;
            if (switched) {
                // Milliseconds: two rebuilds switched within one second must not collide.
                replaced = live + "_replaced_" + Instant.now().toEpochMilli();
                switchOver(c, replaced);
                c.commit();
            } else {
                c.rollback();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("projection", projection.name());
            report.put("version", projection.version());
            report.put("events", applied);
            report.put("resumedFrom", resumedAt);
            report.put("seconds", Math.round(seconds * 1000) / 1000.0);
            report.put("eventsPerSecond", Math.round(applied / Math.max(seconds, 1e-9)));
            report.putAll(WorkCpu.since(cpuAtStart).report(applied));
            report.put("equalToLive", equal);
            report.put("differences", comparison.get("tables"));
            report.put("switched", switched);
            report.put("replacedSchema", replaced);
            report.put("skippedRecords", skipped);
            spec.commandLine().getOut().println(EventJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            spec.commandLine().getOut().flush();
            return switched ? 0 : 1;
        } finally {
            EventLog.closeNow(consumer);
        }
    }

    private void checkActive(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select active_version from read_model_versions where projection = ?")) {
            s.setString(1, projection.name());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != projection.version()) {
                    throw new ParameterException(spec.commandLine(), "projection " + projection.name() + " v" + projection.version()
                            + " is not the active version here; rebuild the version the views show");
                }
            }
        }
    }

    /** The rebuild's own offsets (zero the first time), kept beside the live ones under {@code <name>:rebuild}. */
    private Map<TopicPartition, Long> resume(Connection c, List<TopicPartition> partitions) throws SQLException {
        ProjectionOffsets.ensure(c, key, projection.version(), partitions);
        return withZeros(partitions, ProjectionOffsets.read(c, key, projection.version(), partitions));
    }

    /**
     * Where the live projection is; locked, the rows stay held until the switch commits, in the
     * live projector's own locking order, so the two never wait on each other in a cycle.
     */
    private Map<TopicPartition, Long> liveOffsets(Connection c, List<TopicPartition> partitions, boolean lock) throws SQLException {
        return withZeros(partitions, lock ? ProjectionOffsets.lock(c, projection.name(), projection.version(), partitions)
                : ProjectionOffsets.read(c, projection.name(), projection.version(), partitions));
    }

    /** A partition without a row has nothing applied yet. */
    private static Map<TopicPartition, Long> withZeros(List<TopicPartition> partitions, Map<TopicPartition, Long> stored) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        partitions.forEach(tp -> offsets.put(tp, stored.getOrDefault(tp, 0L)));
        return offsets;
    }

    private static long behind(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> target) {
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            behind += Math.max(0, e.getValue() - positions.getOrDefault(e.getKey(), 0L));
        }
        return behind;
    }

    /** Applies records until every partition reaches its target offset; the caller commits. */
    private long applyUpTo(KafkaConsumer<byte[], byte[]> consumer, Connection c, Map<TopicPartition, Long> positions,
                           Map<TopicPartition, Long> target, Map<String, Deserializer<? extends SpecificRecord>> decoders) throws SQLException {
        long applied = 0;
        List<TopicPartition> active = new ArrayList<>();
        target.forEach((tp, end) -> {
            if (positions.get(tp) < end) {
                active.add(tp);
            }
        });
        consumer.pause(consumer.assignment());
        consumer.resume(active);
        while (!active.isEmpty()) {
            List<ProjectedRecord> records = new ArrayList<>();
            List<ProjectionBatch.Refused> undecodable = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= target.get(tp)) {
                    continue;
                }
                try {
                    SpecificRecord value = decoders.get(record.topic()).deserialize(record.topic(), record.value());
                    records.add(new ProjectedRecord(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), value,
                            writerSchemas.asWritten(record.topic(), record.value(), value)));
                } catch (RuntimeException e) {
                    undecodable.add(new ProjectionBatch.Refused(record.topic(), record.partition(), record.offset(), e));
                }
                positions.put(tp, record.offset() + 1);
            }
            for (TopicPartition tp : List.copyOf(active)) {
                // Transaction markers have offsets too: the consumer's position says how far the partition is read.
                long position = consumer.position(tp);
                if (position >= target.get(tp)) {
                    positions.put(tp, target.get(tp));
                    active.remove(tp);
                    consumer.pause(List.of(tp));
                    consumer.seek(tp, target.get(tp)); // what was fetched beyond the target is applied next time
                } else {
                    positions.put(tp, Math.max(positions.get(tp), position));
                }
            }
            applied += apply(c, records, undecodable);
            saveOffsets(c, positions);
            if (records.size() >= batch) {
                c.commit();
            }
        }
        return applied;
    }

    /** The live projector's own routine: what it refuses is a dead letter here as there, and the rebuild goes on. */
    private int apply(Connection c, List<ProjectedRecord> records, List<ProjectionBatch.Refused> undecodable) throws SQLException {
        if (records.isEmpty() && undecodable.isEmpty()) {
            return 0;
        }
        try (Statement path = c.createStatement()) {
            path.execute("set local search_path to " + rebuilt + ", public");
        }
        ProjectionBatch.Outcome outcome = ProjectionBatch.apply(c, projection, records, undecodable);
        outcome.refused().forEach(poison -> skipped.add(poison.describe()));
        return outcome.applied();
    }

    private void saveOffsets(Connection c, Map<TopicPartition, Long> positions) throws SQLException {
        ProjectionOffsets.write(c, key, projection.version(), positions);
    }

    /** Rows only in the live tables and only in the rebuilt ones, per table, at the same offsets. */
    private Map<String, Object> compare(Connection c) throws SQLException {
        Map<String, Object> tables = new LinkedHashMap<>();
        boolean equal = true;
        try (Statement s = c.createStatement()) {
            for (String table : ReadModelVersions.tables(c, live)) {
                long onlyLive = count(s, "select count(*) from (select * from " + live + "." + table + " except all select * from "
                        + rebuilt + "." + table + ") d");
                long onlyRebuilt = count(s, "select count(*) from (select * from " + rebuilt + "." + table + " except all select * from "
                        + live + "." + table + ") d");
                tables.put(table, Map.of("rowsOnlyInLive", onlyLive, "rowsOnlyInRebuilt", onlyRebuilt));
                equal &= onlyLive == 0 && onlyRebuilt == 0;
            }
        }
        return Map.of("equal", equal, "tables", tables);
    }

    private void switchOver(Connection c, String replaced) throws SQLException {
        try (Statement ddl = c.createStatement()) {
            ddl.execute("alter schema " + live + " rename to " + replaced);
            ddl.execute("alter schema " + rebuilt + " rename to " + live);
            // The rebuilt tables are at exactly the live offsets, which stay as they are.
            ddl.execute("delete from projection_offsets where projection = '" + key + "'");
        }
        ReadModelVersions.pointViews(c, live);
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void progress(PrintWriter err, long applied, long started, long behind, long resumedAt) {
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = applied / Math.max(seconds, 1e-9);
        err.printf("rebuild %s: %,d events (resumed at %,d), %,.0f events/s, %,d behind the live tables, ETA %s%n", projection.name(), applied,
                resumedAt, rate, behind, rate > 0 ? Duration.ofSeconds((long) (behind / rate)) : "unknown");
        err.flush();
    }
}
