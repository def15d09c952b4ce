package dev.eventline.projection.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import dev.eventline.domain.Domains;
import dev.eventline.projection.core.Projection;
import dev.eventline.projection.core.ProjectionBatch;
import dev.eventline.projection.core.ProjectionOffsets;
import dev.eventline.projection.core.ReadModelVersions;
import dev.eventline.schemas.serde.WriterSchemas;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.KafkaClients;
import dev.eventline.schemas.topics.Topic;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a projector per projection (the platform's and the domains', found by {@link Projection#discover()}), each on its own thread, and stops them with the
 * context. A version newer than the active one builds beside it; a periodic check switches the
 * public views to it once PostgreSQL's offsets for it reach the end of every partition.
 */
@Context
public class Projections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Projections.class);

    private final List<Projector> projectors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, ProjectionProgress> progress = new HashMap<>();
    private final Map<String, List<Topic<String, ? extends SpecificRecord>>> topicsOf = new HashMap<>();
    private final ReadModelVersions versions;
    private final DataSource dataSource;
    private final DeadLetterSink deadLetters;
    private final ScheduledExecutorService switcher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "read-model-switch"));
    private final KafkaClients kafka;
    private final List<Projection> building = new ArrayList<>();

    /** The projections on the classpath: the platform's and the loaded domains'. */
    @Inject
    public Projections(DataSource dataSource, EventlineTopics topics, Domains domains,
                       KafkaClients kafka,
                       @Value("${eventline.namespace}") String namespace,
                       @Value("${eventline.projection.max-batch:2000}") int maxBatch,
                       @Value("${eventline.projection.switch-check:2s}") Duration switchCheck,
                       @Value("${eventline.projection.session-timeout:6s}") Duration sessionTimeout) throws SQLException {
        this(Projection.discover(), dataSource, topics, domains, kafka, namespace, maxBatch, switchCheck, sessionTimeout);
    }

    /** With the projections given (tests, benchmarks). */
    public Projections(List<Projection> projections, DataSource dataSource, EventlineTopics topics, Domains domains,
                       KafkaClients kafka,
                       String namespace,
                       int maxBatch,
                       Duration switchCheck,
                       Duration sessionTimeout) throws SQLException {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.versions = new ReadModelVersions(dataSource);
        this.deadLetters = new DeadLetterSink(kafka, topics.deadLetters());
        Projector.Settings settings = new Projector.Settings(kafka, new WriterSchemas(topics.registry()), namespace + "-projection", maxBatch,
                Duration.ofMillis(200), sessionTimeout);
        for (Projection projection : projections) {
            versions.migrate(projection);
            OptionalInt active = versions.active(projection.name());
            if (active.isEmpty()) {
                versions.activate(projection); // the first version serves from the start, as it fills
            } else if (active.getAsInt() < projection.version()) {
                LOG.info("read model {} version {} builds from the log beside the active version {}", projection.name(),
                        projection.version(), active.getAsInt());
                building.add(projection);
            }
            List<Topic<String, ? extends SpecificRecord>> read = projection.topics(topics, domains);
            topicsOf.put(projection.schema(), read);
            ProjectionProgress state = new ProjectionProgress(projection);
            try (Connection c = dataSource.getConnection()) {
                state.quarantinedBefore(ProjectionBatch.quarantined(c, projection));
            }
            progress.put(projection.schema(), state);
            Projector projector = new Projector(projection, read, dataSource, deadLetters, state, settings);
            projectors.add(projector);
            Thread thread = new Thread(projector, "projector-" + projection.schema());
            threads.add(thread);
            thread.start();
        }
        if (!building.isEmpty()) {
            switcher.scheduleWithFixedDelay(this::switchCaughtUp, switchCheck.toMillis(), switchCheck.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public List<ProjectionProgress> progress() {
        return List.copyOf(progress.values());
    }

    public OptionalInt activeVersion(String projection) throws SQLException {
        return versions.active(projection);
    }

    /** Switches each building version whose stored offsets reached the end of all its partitions. */
    private void switchCaughtUp() {
        for (Projection projection : List.copyOf(building)) {
            try {
                if (caughtUp(projection) && versions.activate(projection)) {
                    building.remove(projection);
                } else if (versions.active(projection.name()).orElse(0) >= projection.version()) {
                    building.remove(projection);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("cannot check whether {} caught up: {}", projection.schema(), e.toString());
            }
        }
    }

    private boolean caughtUp(Projection projection) throws SQLException {
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<String, ? extends SpecificRecord> topic : topicsOf.get(projection.schema())) {
                consumer.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            ends = consumer.endOffsets(partitions);
        }
        Map<TopicPartition, Long> stored;
        try (Connection c = dataSource.getConnection()) {
            stored = ProjectionOffsets.read(c, projection.name(), projection.version(), ends.keySet());
        }
        // An empty partition needs no offset row; any other must have reached its end.
        return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    @PreDestroy
    @Override
    public void close() {
        switcher.shutdownNow();
        projectors.forEach(Projector::close);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deadLetters.close();
    }
}
