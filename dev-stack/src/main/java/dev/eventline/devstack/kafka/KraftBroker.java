package dev.eventline.devstack.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller), in-process, from the Kafka
 * jars. Its log directory is formatted once and then reused, so a restart keeps every record.
 *
 * <p>The quorum is static ({@code controller.quorum.voters}) rather than a dynamic
 * {@code --standalone} one: a dynamic quorum writes the controller's endpoint into the metadata
 * log, and a later start on another port would then never find its own controller.
 */
public final class KraftBroker implements Broker {

    private static final Logger LOG = LoggerFactory.getLogger(KraftBroker.class);
    private static final int NODE_ID = 1;

    private final KraftBrokerConfig config;
    private KafkaRaftServer server;

    public KraftBroker(KraftBrokerConfig config) {
        this.config = config;
    }

    /** Formats the log directory when it is new, then starts the broker; returns once it serves. */
    @Override
    public synchronized KraftBroker start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        Properties props = serverProperties();
        formatIfNew(props);
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LOG.info("Kafka broker (KRaft) serving on {} in {} ms, logs in {}", bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000, config.logDir());
        return this;
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + config.port();
    }

    public KraftBrokerConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Kafka broker stopped");
    }

    Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("listeners", "PLAINTEXT://localhost:" + config.port() + ",CONTROLLER://localhost:" + config.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + config.port());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + config.controllerPort());
        p.put("log.dirs", config.logDir().toString());
        // A single broker: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "12");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "12");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Consumer groups (and Streams applications) start without the 3 s join delay.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Fast failover (docs/reliability.md): the services' groups may use sessions shorter than
        // Kafka's 6 s floor, and a dead instance's open transaction is aborted soon after it times
        // out (checked every 10 s by default), so its partitions are not held behind it.
        p.put("group.min.session.timeout.ms", "1000");
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        p.putAll(config.overrides());
        return p;
    }

    private void formatIfNew(Properties props) {
        Path logDir = config.logDir();
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            Path file = logDir.getParent().resolve(logDir.getFileName() + "-server.properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "Eventline embedded broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            String clusterId = Uuid.randomUuid().toString();
            int rc = StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", file.toString(), "--ignore-formatted"},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("formatting " + logDir + " failed: " + output.toString(StandardCharsets.UTF_8));
            }
            LOG.info("Formatted new KRaft log directory {} (cluster {})", logDir, clusterId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ports, log directory and extra broker settings. */
    public record KraftBrokerConfig(int port, int controllerPort, Path logDir, Map<String, String> overrides) {

        public static final int DEFAULT_PORT = 9092;
        public static final int DEFAULT_CONTROLLER_PORT = 9093;

        public KraftBrokerConfig {
            overrides = Map.copyOf(overrides);
        }

        public static KraftBrokerConfig defaults(Path logDir) {
            return new KraftBrokerConfig(DEFAULT_PORT, DEFAULT_CONTROLLER_PORT, logDir, Map.of());
        }
    }
}
