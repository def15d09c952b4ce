package dev.eventline.devstack.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.eventline.devstack.PrivateFiles;
import dev.eventline.devstack.kafka.KraftBroker.KraftBrokerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's broker as a child JVM ({@link KraftBrokerMain}) rather than inside the launcher: so
 * it can die alone ({@code kill -9}, an outage) and be started again on its log directory, as a
 * broker pod would, while everything else keeps running.
 */
public final class BrokerProcess implements Broker {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerProcess.class);
    private static final Duration READY = Duration.ofMinutes(2);

    private final KraftBrokerConfig config;
    private final Path logFile;
    private Process process;

    public BrokerProcess(KraftBrokerConfig config, Path logFile) {
        if (!config.overrides().isEmpty()) {
            throw new IllegalArgumentException("a broker process takes no overrides");
        }
        this.config = config;
        this.logFile = logFile;
    }

    @Override
    public synchronized BrokerProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        long started = System.nanoTime();
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx768m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), KraftBrokerMain.class.getName(),
                String.valueOf(config.port()), String.valueOf(config.controllerPort()), config.logDir().toString());
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(PrivateFiles.touch(logFile).toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker", e);
        }
        awaitServing();
        LOG.info("Kafka broker (KRaft, pid {}) serving on {} in {} ms, log in {}", process.pid(), bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000, logFile);
        return this;
    }

    private void awaitServing() {
        long deadline = System.nanoTime() + READY.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited with " + process.exitValue() + "; see " + logFile);
                }
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(4, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // starting
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the broker did not serve within " + READY + "; see " + logFile);
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + config.port();
    }

    /** The running broker's process id. */
    public synchronized long pid() {
        return process.pid();
    }

    /** Stops it: SIGTERM, a clean shutdown, SIGKILL after a minute. Harmless when it is not running. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                LOG.warn("the broker did not stop within a minute, killing it");
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        LOG.info("Kafka broker stopped");
    }
}
