package dev.eventline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose config} (Debian's docker-compose 1.29: it validates and resolves the file
 * without a Docker engine) accepts the repository's compose file, and what it resolves has the
 * parts an operator relies on: Confluent's registry, KRaft Kafka with SASL/SCRAM and ACLs, health
 * checks and start order, and no secret with a default.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Map<String, String> SECRETS = Map.of("EVENTLINE_DB_PASSWORD", "db-secret", "KAFKA_ADMIN_PASSWORD", "admin-secret",
            "KAFKA_COMMAND_SERVICE_PASSWORD", "command-secret", "KAFKA_PROJECTION_SERVICE_PASSWORD", "projection-secret",
            "KAFKA_SCHEMA_REGISTRY_PASSWORD", "registry-secret", "KAFKA_REPLAY_PASSWORD", "replay-secret");

    @Test
    @SuppressWarnings("unchecked")
    void dockerComposeValidatesTheFileAndItStartsEachServiceAfterItsDependencies() throws Exception {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(config(SECRETS).output())).get("services");
        assertThat(services).containsKeys("kafka", "kafka-acls", "schema-registry", "postgres", "command-service", "projection-service", "query-service");
        assertThat(((Map<String, Object>) services.get("schema-registry")).get("image").toString()).startsWith("confluentinc/cp-schema-registry:");
        services.forEach((name, definition) -> {
            if (!name.equals("kafka-acls")) { // a one-shot job, not a server
                assertThat(((Map<String, Object>) definition)).as(name).containsKey("healthcheck");
            }
        });
        for (String service : List.of("command-service", "projection-service", "query-service")) {
            Map<String, Object> definition = (Map<String, Object>) services.get(service);
            assertThat(definition).as(service + " is built from the repository").containsKey("build");
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) definition.get("depends_on");
            assertThat(dependsOn).as(service).containsKeys("kafka-acls", "postgres");
            assertThat(dependsOn.get("kafka-acls")).as("after the ACLs are in place").containsEntry("condition", "service_completed_successfully");
        }
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("ENTRYPOINT");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBrokerAuthenticatesEveryClientAndEachServiceConnectsAsItsOwnPrincipal() throws Exception {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(config(SECRETS).output())).get("services");
        Map<String, Object> kafka = (Map<String, Object>) services.get("kafka");
        assertThat(kafka.get("entrypoint").toString()).contains("start-broker.sh");
        String broker = Files.readString(ROOT.resolve("helm/eventline/files/kafka/start-broker.sh"));
        assertThat(broker).contains("listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "CONTROLLER://localhost:9093", "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer", "allow.everyone.if.no.acl.found=false");
        assertThat(broker).as("no listener without authentication but the loopback controller").doesNotContainPattern("(?m)^listeners=(|.*,)PLAINTEXT://");
        assertThat(((Map<String, Object>) services.get("kafka-acls")).get("entrypoint").toString()).contains("apply-acls.sh");
        for (String[] service : List.of(new String[] {"command-service", "command-secret"}, new String[] {"projection-service", "projection-secret"})) {
            Map<String, String> environment = (Map<String, String>) ((Map<String, Object>) services.get(service[0])).get("environment");
            assertThat(environment).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT").containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            assertThat(environment.get("KAFKA_SASL_JAAS_CONFIG")).contains("username=\"" + service[0] + "\"", "password=\"" + service[1] + "\"");
        }
        Map<String, String> registry = (Map<String, String>) ((Map<String, Object>) services.get("schema-registry")).get("environment");
        assertThat(registry.get("SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG")).contains("username=\"schema-registry\"");
        for (String infrastructure : List.of("kafka", "schema-registry", "postgres")) {
            assertThat(((Map<String, Object>) services.get(infrastructure)).get("ports").toString()).as(infrastructure + " on the host's loopback only")
                    .contains("127.0.0.1");
        }
    }

    @Test
    void noSecretHasADefault() throws Exception {
        for (String secret : SECRETS.keySet()) {
            Map<String, String> missingOne = new HashMap<>(SECRETS);
            missingOne.remove(secret);
            Config config = config(missingOne);
            assertThat(config.exit()).as(secret + " left out: " + config.output()).isNotZero();
            assertThat(config.output()).contains("set " + secret);
        }
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).doesNotContainPattern("PASSWORD:-");
    }

    private record Config(int exit, String output) {
    }

    private static Config config(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("docker-compose", "--project-directory", ROOT.toString(), "-f",
                ROOT.resolve("docker-compose.yml").toString(), "config").redirectErrorStream(true);
        SECRETS.keySet().forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose is needed by this test: apt-get install docker-compose (.ci/run does)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (environment.equals(SECRETS)) {
            assertThat(process.exitValue()).as(output).isZero();
        }
        return new Config(process.exitValue(), output);
    }
}
