package dev.eventline.schemas.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exactly-once Kafka Streams application cannot trust its local stores after an unclean
 * shutdown (kill -9, lost node): they may hold writes of transactions that were aborted. Kafka
 * Streams finds that out task by task and wipes each one, but only after opening every store of
 * every task twice: on two cores, about 5 of the 17 s the command service took to answer again
 * after a kill -9 (docs/reliability.md). This does the same wipe in one step, before the
 * application is built, when it did not record a clean close last time; the tasks then restore
 * from their changelogs as they would have anyway.
 *
 * <p>A close is recorded as clean ({@link #closedCleanly}) once the application reached
 * NOT_RUNNING within its close timeout: every task then either closed cleanly or was wiped by
 * Kafka Streams itself. The record is removed at start, so a crash afterwards leaves none.
 * At-least-once applications keep their stores through a crash and are left alone.
 */
public final class UncleanShutdownWipe {

    private static final Logger LOG = LoggerFactory.getLogger(UncleanShutdownWipe.class);
    /** How Kafka Streams names a task's directory: subtopology_partition. */
    private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");

    private final Path applicationDirectory;
    private final Path cleanClose;
    private final boolean exactlyOnce;

    private UncleanShutdownWipe(Properties config) {
        Path stateDir = Path.of(config.getProperty(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/kafka-streams"));
        String applicationId = config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        this.applicationDirectory = stateDir.resolve(applicationId);
        this.cleanClose = stateDir.resolve(applicationId + ".closed-cleanly");
        this.exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(config.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    /** The application with this configuration is about to be built: wipe its tasks if its last close was not clean. */
    public static void beforeStart(Properties config) {
        new UncleanShutdownWipe(config).wipeUnlessClosedCleanly();
    }

    /** The application with this configuration closed cleanly: its stores may be kept at the next start. */
    public static void closedCleanly(Properties config) {
        UncleanShutdownWipe wipe = new UncleanShutdownWipe(config);
        if (wipe.exactlyOnce && Files.isDirectory(wipe.applicationDirectory)) {
            try {
                Files.writeString(wipe.cleanClose, "");
            } catch (IOException e) {
                LOG.warn("could not record the clean close of {}: its stores will be restored at the next start", wipe.applicationDirectory, e);
            }
        }
    }

    private void wipeUnlessClosedCleanly() {
        if (!exactlyOnce) {
            return;
        }
        try {
            boolean clean = Files.deleteIfExists(cleanClose);
            if (clean || !Files.isDirectory(applicationDirectory)) {
                return;
            }
            List<Path> tasks;
            try (var entries = Files.list(applicationDirectory)) {
                tasks = entries.filter(p -> Files.isDirectory(p) && TASK_DIRECTORY.matcher(p.getFileName().toString()).matches()).toList();
            }
            for (Path task : tasks) {
                Utils.delete(task.toFile());
            }
            if (!tasks.isEmpty()) {
                LOG.warn("{} did not close cleanly: dropped the local state of its {} tasks, which restore from their changelogs",
                        applicationDirectory.getFileName(), tasks.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not wipe the state of " + applicationDirectory, e);
        }
    }
}
