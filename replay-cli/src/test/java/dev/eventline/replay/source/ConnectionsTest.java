package dev.eventline.replay.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.eventline.devstack.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/** Where the replay tool looks for the platform: its options, the environment, what `up` wrote; never a guessed port. */
class ConnectionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        Connections connections;
    }

    @TempDir
    Path home;

    @Test
    void whatUpWroteIntoEventlineHomeIsWhereThePlatformIs() throws IOException {
        Files.writeString(home.resolve(Connections.FILE), """
                # Written by `eventline up`
                KAFKA_BOOTSTRAP_SERVERS=localhost:19092
                SCHEMA_REGISTRY_URL=http://localhost:18081
                DATASOURCES_DEFAULT_URL=jdbc:postgresql://localhost:15432/eventline
                DATASOURCES_DEFAULT_USERNAME=postgres
                """);
        Connections connections = parse().withEnvironment(Map.of("EVENTLINE_HOME", home.toString()));

        assertThat(connections.bootstrapServers()).isEqualTo("localhost:19092");
        assertThat(connections.registryUrl()).isEqualTo("http://localhost:18081");
        assertThat(connections.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:15432/eventline");
        assertThat(connections.namespace()).isEqualTo("eventline");
    }

    @Test
    void theEnvironmentComesBeforeTheFileAndAnOptionBeforeBoth() throws IOException {
        Files.writeString(home.resolve(Connections.FILE), "KAFKA_BOOTSTRAP_SERVERS=localhost:19092\nEVENTLINE_NAMESPACE=from-file\n");
        Map<String, String> environment = Map.of("EVENTLINE_HOME", home.toString(), "KAFKA_BOOTSTRAP_SERVERS", "broker:9092");

        assertThat(parse().withEnvironment(environment).bootstrapServers()).isEqualTo("broker:9092");
        assertThat(parse("--bootstrap-servers", "other:9092").withEnvironment(environment).bootstrapServers()).isEqualTo("other:9092");
        assertThat(parse().withEnvironment(environment).namespace()).isEqualTo("from-file");
    }

    @Test
    void withNothingToGoOnItRefusesAndSaysWhereItLooked() {
        Connections connections = parse().withEnvironment(Map.of("EVENTLINE_HOME", home.toString()));

        assertThatThrownBy(connections::bootstrapServers).isInstanceOf(ParameterException.class)
                .hasMessageContaining("No --bootstrap-servers, no KAFKA_BOOTSTRAP_SERVERS in the environment, and no "
                        + home.resolve(Connections.FILE) + " (./eventline up writes it while it runs");
        assertThat(new CommandLine(new dev.eventline.replay.ReplayCommand()).execute("verify"))
                .as("a command without settings exits as a usage error, talking to nothing").isEqualTo(2);
    }

    @Test
    void theFileIsTheOneUpWrites() {
        assertThat(Connections.FILE).isEqualTo(DataDirectory.CONNECTIONS);
    }

    private static Connections parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.connections;
    }
}
