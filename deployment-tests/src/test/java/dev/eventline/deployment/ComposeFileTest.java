package dev.eventline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose config} (Debian's docker-compose 1.29: it validates and resolves the file
 * without a Docker engine) accepts the repository's compose file, and what it resolves has the
 * parts an operator relies on: Confluent's registry, KRaft Kafka, health checks and start order.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    @SuppressWarnings("unchecked")
    void dockerComposeValidatesTheFileAndItStartsEachServiceAfterItsHealthyDependencies() throws Exception {
        Process config;
        try {
            config = new ProcessBuilder("docker-compose", "--project-directory", ROOT.toString(), "-f", ROOT.resolve("docker-compose.yml").toString(),
                    "config").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose is needed by this test: apt-get install docker-compose (.ci/run does)", e);
        }
        String output = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as(output).isZero();

        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(output)).get("services");
        assertThat(services).containsKeys("kafka", "schema-registry", "postgres", "command-service", "projection-service", "query-service");
        assertThat(((Map<String, Object>) services.get("schema-registry")).get("image").toString()).startsWith("confluentinc/cp-schema-registry:");
        assertThat(((Map<String, Object>) services.get("kafka")).get("environment").toString()).contains("KAFKA_PROCESS_ROLES=broker,controller");
        services.forEach((name, definition) -> assertThat(((Map<String, Object>) definition)).as(name).containsKey("healthcheck"));
        for (String service : List.of("command-service", "projection-service", "query-service")) {
            Map<String, Object> definition = (Map<String, Object>) services.get(service);
            assertThat(definition).as(service + " is built from the repository").containsKey("build");
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) definition.get("depends_on");
            assertThat(dependsOn).as(service).containsKeys("kafka", "postgres");
            dependsOn.values().forEach(condition -> assertThat(condition).containsEntry("condition", "service_healthy"));
        }
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("ENTRYPOINT");
    }
}
