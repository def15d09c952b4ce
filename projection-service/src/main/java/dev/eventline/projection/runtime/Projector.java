package dev.eventline.projection.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

import dev.eventline.projection.core.BrokenChainException;
import dev.eventline.projection.core.ProjectedRecord;
import dev.eventline.projection.core.Projection;
import dev.eventline.projection.core.ProjectionBatch;
import dev.eventline.projection.core.ProjectionOffsets;
import dev.eventline.schemas.serde.WriterSchemas;
import dev.eventline.schemas.topics.KafkaClients;
import dev.eventline.schemas.topics.RecordHeaders;
import dev.eventline.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one projection version: polls its topics (read_committed) and applies each batch in one
 * PostgreSQL transaction together with the next offsets, so the read model reflects every event
 * exactly once whatever crashes. The offsets in PostgreSQL are the truth: partitions start from
 * them when assigned, and each transaction locks its partitions' offset rows and skips what they
 * say is applied, so even two instances briefly owning a partition during a rebalance cannot apply
 * a record twice.
 */
public final class Projector implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Projector.class);
    private static final Logger APPLIED = LoggerFactory.getLogger("eventline.projection.applied");

    /** What a projector needs besides its projection. */
    public record Settings(KafkaClients kafka, WriterSchemas writerSchemas, String groupPrefix, int maxBatch, Duration pollTimeout,
                           Duration sessionTimeout) {
    }

    private final Projection projection;
    private final DataSource dataSource;
    private final Map<String, Deserializer<? extends SpecificRecord>> decoders = new HashMap<>();
    private final DeadLetterSink deadLetters;
    private final ProjectionProgress progress;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration pollTimeout;
    private final WriterSchemas writerSchemas;
    private volatile boolean running = true;

    public Projector(Projection projection, List<Topic<String, ? extends SpecificRecord>> topics, DataSource dataSource,
                     DeadLetterSink deadLetters, ProjectionProgress progress, Settings settings) {
        this.projection = projection;
        this.dataSource = dataSource;
        this.deadLetters = deadLetters;
        this.progress = progress;
        topics.forEach(topic -> decoders.put(topic.name(), topic.valueSerde().deserializer()));
        this.consumer = settings.kafka().consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupPrefix() + "-" + projection.schema(),
                ConsumerConfig.CLIENT_ID_CONFIG, "projector-" + projection.schema(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                // How soon a dead instance's partitions move to the others (Kafka's default is 45 s).
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, settings.sessionTimeout().toMillis() / 5)),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.pollTimeout = settings.pollTimeout();
        this.writerSchemas = settings.writerSchemas();
    }

    @Override
    public void run() {
        consumer.subscribe(decoders.keySet(), new Rebalance());
        try {
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // A broker or client hiccup must not stop the read model for good; lag shows it meanwhile.
                    LOG.error("projector {} failed a poll; going on", projection.schema(), e);
                    sleep(1000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void pollOnce() {
        ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
        // Positions, not last offset + 1: they also step over transaction markers, so a
        // caught-up projection's offsets equal the partitions' ends.
        Map<TopicPartition, Long> advanced = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            long position = consumer.position(partition);
            if (!records.records(partition).isEmpty() || position > progress.nextOffset(partition)) {
                advanced.put(partition, position);
            }
        }
        if (!advanced.isEmpty()) {
            project(records, advanced);
        }
        for (TopicPartition partition : consumer.assignment()) {
            consumer.currentLag(partition).ifPresent(lag -> progress.lag(partition, lag));
        }
    }

    private void project(ConsumerRecords<String, byte[]> records, Map<TopicPartition, Long> positions) {
        try {
            applyInOneTransaction(records, positions);
        } catch (SQLException | RuntimeException e) {
            // Nothing of the batch is in the database, which is the one record of where this version
            // is: after a pause, read on from its offsets. Retrying the batch alone would skip what
            // the database no longer holds if it lost its last commits (a crash without synchronous
            // commit, a restore): the chain guard would quarantine every event after the hole.
            LOG.warn("projector {} could not apply a batch; resuming from PostgreSQL's offsets: {}", projection.schema(), e.toString());
            sleep(1000);
            resumeFromStoredOffsets(consumer.assignment());
        }
    }

    private void applyInOneTransaction(ConsumerRecords<String, byte[]> records, Map<TopicPartition, Long> positions) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Map<TopicPartition, Long> applied = lockOffsets(connection, positions.keySet());
                requireNotBehind(applied);
                List<ConsumerRecord<String, byte[]>> fresh = new ArrayList<>();
                Map<TopicPartition, ConsumerRecord<String, byte[]>> last = new HashMap<>();
                for (TopicPartition partition : records.partitions()) {
                    long next = applied.getOrDefault(partition, 0L);
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (record.offset() >= next) {
                            fresh.add(record);
                            last.put(partition, record);
                        }
                    }
                }
                try (Statement path = connection.createStatement()) {
                    path.execute("set local search_path to " + projection.schema() + ", public");
                }
                ProjectionBatch.Outcome outcome = applyRecords(connection, fresh);
                Map<TopicPartition, Long> next = new HashMap<>();
                positions.forEach((partition, position) -> next.put(partition, Math.max(position, applied.getOrDefault(partition, 0L))));
                writeOffsets(connection, next);
                connection.commit();
                long committed = System.currentTimeMillis();
                fresh.forEach(r -> progress.delayed(committed - r.timestamp()));
                Map<TopicPartition, Long> counts = fresh.stream().collect(java.util.stream.Collectors.groupingBy(
                        r -> new TopicPartition(r.topic(), r.partition()), java.util.stream.Collectors.counting()));
                next.forEach((partition, offset) -> progress.applied(partition, offset,
                        last.containsKey(partition) ? last.get(partition).timestamp() : 0L, counts.getOrDefault(partition, 0L).intValue()));
                progress.deadLettered(outcome.refused().size(), outcome.quarantined());
                logApplied(fresh);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * One DEBUG line per applied record on {@code eventline.projection.applied}, with the
     * command's correlation id (the record's header) in the MDC: how a command is followed from the
     * command service's log into this one. Off at the default level: it is a line per event.
     */
    private void logApplied(List<ConsumerRecord<String, byte[]>> applied) {
        if (!APPLIED.isDebugEnabled()) {
            return;
        }
        for (ConsumerRecord<String, byte[]> record : applied) {
            String correlationId = RecordHeaders.correlationId(record.headers());
            try (MDC.MDCCloseable ignored = MDC.putCloseable("correlationId", correlationId == null ? "-" : correlationId)) {
                APPLIED.debug("{} applied {}-{}@{} key {}", projection.schema(), record.topic(), record.partition(), record.offset(), record.key());
            }
        }
    }

    /**
     * Decodes the batch and applies it (ProjectionBatch); what is refused also goes to the
     * dead-letter topic, quarantined events (that do not chain) with the reason.
     */
    private ProjectionBatch.Outcome applyRecords(Connection connection, List<ConsumerRecord<String, byte[]>> records) throws SQLException {
        List<ProjectedRecord> decoded = new ArrayList<>(records.size());
        List<ProjectionBatch.Refused> undecodable = new ArrayList<>();
        Map<String, ConsumerRecord<String, byte[]>> sources = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            sources.put(record.topic() + "-" + record.partition() + "@" + record.offset(), record);
            try {
                SpecificRecord value = decoders.get(record.topic()).deserialize(record.topic(), record.headers(), record.value());
                if (value == null) {
                    throw new IllegalArgumentException("a tombstone on an event topic");
                }
                decoded.add(new ProjectedRecord(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                        record.key(), value, writerSchemas.asWritten(record.topic(), record.value(), value)));
            } catch (RuntimeException e) {
                undecodable.add(new ProjectionBatch.Refused(record.topic(), record.partition(), record.offset(), e));
            }
        }
        ProjectionBatch.Outcome outcome = ProjectionBatch.apply(connection, projection, decoded, undecodable);
        for (ProjectionBatch.Refused poison : outcome.refused()) {
            if (poison.error() instanceof BrokenChainException) {
                LOG.error("projector {}: quarantined an event that does not follow its aggregate's verified chain, {}", projection.schema(),
                        poison.describe());
            } else {
                LOG.warn("projector {}: dead letter {}", projection.schema(), poison.describe());
            }
            deadLetters.send("projection:" + projection.schema(), sources.get(poison.topic() + "-" + poison.partition() + "@" + poison.offset()),
                    poison.error());
        }
        return outcome;
    }

    /**
     * The database's offsets never go back by themselves: behind what this projector committed, it
     * lost commits (a crash without synchronous commit, a restore from a backup), and the records
     * in between are no longer applied. Applying this batch would skip them.
     */
    private void requireNotBehind(Map<TopicPartition, Long> applied) {
        applied.forEach((partition, next) -> {
            if (next < progress.nextOffset(partition)) {
                throw new IllegalStateException("PostgreSQL holds " + projection.schema() + " at " + partition + "@" + next
                        + ", behind the " + progress.nextOffset(partition) + " it committed");
            }
        });
    }

    private Map<TopicPartition, Long> lockOffsets(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        ProjectionOffsets.ensure(connection, projection.name(), projection.version(), partitions);
        return ProjectionOffsets.lock(connection, projection.name(), projection.version(), partitions);
    }

    private void writeOffsets(Connection connection, Map<TopicPartition, Long> next) throws SQLException {
        ProjectionOffsets.write(connection, projection.name(), projection.version(), next);
    }

    private Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return ProjectionOffsets.read(connection, projection.name(), projection.version(), partitions);
        }
    }

    /** Seeks each partition to where PostgreSQL says this version is, waiting for it while it is away. */
    private void resumeFromStoredOffsets(Collection<TopicPartition> partitions) {
        while (running) {
            try {
                Map<TopicPartition, Long> stored = storedOffsets(partitions);
                for (TopicPartition partition : partitions) {
                    long next = stored.getOrDefault(partition, 0L);
                    consumer.seek(partition, next);
                    progress.assigned(partition, next);
                }
                LOG.info("projector {} resumes {} partitions from PostgreSQL's offsets", projection.schema(), partitions.size());
                return;
            } catch (SQLException e) {
                LOG.warn("projector {} cannot read its offsets; retrying: {}", projection.schema(), e.toString());
                sleep(1000);
            }
        }
    }

    /** Starts each newly assigned partition where PostgreSQL says this version is. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            resumeFromStoredOffsets(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            progress.revoked(Set.copyOf(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            progress.revoked(Set.copyOf(partitions));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
