package dev.eventline.schemas.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UncleanShutdownWipeTest {

    @TempDir
    Path stateDir;
    private Path application;

    @BeforeEach
    void aStateDirectoryAsKafkaStreamsLeavesIt() throws IOException {
        application = stateDir.resolve("app");
        Files.createDirectories(application.resolve("0_3").resolve("rocksdb").resolve("store"));
        Files.writeString(application.resolve("0_3").resolve("rocksdb").resolve("store").resolve("000001.sst"), "data");
        Files.createDirectories(application.resolve("1_11"));
        Files.writeString(application.resolve("kafka-streams-process-metadata"), "{\"processId\":\"p\"}");
        Files.createDirectories(application.resolve("global"));
    }

    @Test
    void anExactlyOnceApplicationThatDidNotCloseCleanlyLosesItsTasksButKeepsItsProcessId() {
        UncleanShutdownWipe.beforeStart(config(StreamsConfig.EXACTLY_ONCE_V2));

        assertThat(application.resolve("0_3")).doesNotExist();
        assertThat(application.resolve("1_11")).doesNotExist();
        assertThat(application.resolve("kafka-streams-process-metadata")).exists();
        assertThat(application.resolve("global")).exists();
    }

    @Test
    void aCleanCloseKeepsTheStoresForTheNextStartOnly() {
        UncleanShutdownWipe.closedCleanly(config(StreamsConfig.EXACTLY_ONCE_V2));
        UncleanShutdownWipe.beforeStart(config(StreamsConfig.EXACTLY_ONCE_V2));

        assertThat(application.resolve("0_3").resolve("rocksdb").resolve("store").resolve("000001.sst")).exists();

        // Started, then killed: no clean close recorded this time.
        UncleanShutdownWipe.beforeStart(config(StreamsConfig.EXACTLY_ONCE_V2));
        assertThat(application.resolve("0_3")).doesNotExist();
    }

    @Test
    void anAtLeastOnceApplicationKeepsItsStoresThroughACrash() {
        UncleanShutdownWipe.beforeStart(config(StreamsConfig.AT_LEAST_ONCE));
        UncleanShutdownWipe.closedCleanly(config(StreamsConfig.AT_LEAST_ONCE));

        assertThat(application.resolve("0_3")).exists();
        assertThat(application.resolve("1_11")).exists();
        assertThat(stateDir.resolve("app.closed-cleanly")).doesNotExist();
    }

    @Test
    void aFirstStartHasNothingToWipe() {
        Properties fresh = config(StreamsConfig.EXACTLY_ONCE_V2);
        fresh.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "new-app");

        UncleanShutdownWipe.beforeStart(fresh);

        assertThat(stateDir.resolve("new-app")).doesNotExist();
        assertThat(application.resolve("0_3")).exists();
    }

    private Properties config(String guarantee) {
        Properties config = new Properties();
        config.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        config.setProperty(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        return config;
    }
}
