package dev.eventline.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import dev.eventline.devstack.Ports;
import dev.eventline.devstack.kafka.KraftBroker;
import dev.eventline.testkit.WriteSide;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The chart's ACL list on a real broker that authenticates every client (SASL/SCRAM) and denies
 * whatever is not listed, applied as compose and the chart apply it (admin-properties.sh and
 * apply-acls.sh, running Kafka's own kafka-acls.sh as the admin principal): the command and the
 * projection service, each as its own principal, do their whole job (a command is accepted and its
 * events projected); nobody else writes a command or an event, the projection service's own
 * principal included, so no one who reaches the broker can forge a command with an administrator's
 * roles in it.
 */
class KafkaAclTest {

    private static final Path SCRIPTS = Path.of("..", "helm", "eventline", "files", "kafka").toAbsolutePath().normalize();
    private static final List<String> PRINCIPALS = List.of("admin", "command-service", "projection-service", "replay", "mallory");

    @Test
    void theServicesWorkUnderTheAclsAndNobodyElseWritesCommandsOrEvents() throws Exception {
        int plain = Ports.free();
        int sasl = Ports.free();
        int controller = Ports.free();
        Path logDir = Files.createTempDirectory("acl-broker").resolve("logs");
        String namespace = WriteSide.namespace("acl");
        try (KraftBroker broker = new KraftBroker(new KraftBroker.KraftBrokerConfig(plain, controller, logDir, Map.of(
                "listeners", "PLAINTEXT://localhost:" + plain + ",SASL_PLAINTEXT://localhost:" + sasl + ",CONTROLLER://localhost:" + controller,
                "advertised.listeners", "PLAINTEXT://localhost:" + plain + ",SASL_PLAINTEXT://localhost:" + sasl,
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                // admin as in compose; the loopback PLAINTEXT listener only creates the SCRAM credentials first.
                "super.users", "User:admin;User:ANONYMOUS",
                "allow.everyone.if.no.acl.found", "false",
                "auto.create.topics.enable", "false"))).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.alterUserScramCredentials(PRINCIPALS.stream().<org.apache.kafka.clients.admin.UserScramCredentialAlteration>map(user ->
                    new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password(user))).toList())
                    .all().get();
            applyAcls(sasl, namespace);

            Map<String, String> secured = Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + sasl, "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                    "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            try (WriteSide services = WriteSide.start(namespace, secured, Map.of("KAFKA_SASL_JAAS_CONFIG", jaas("command-service")),
                    Map.of("KAFKA_SASL_JAAS_CONFIG", jaas("projection-service"))).awaitHealthy()) {
                String account = "acc-" + UUID.randomUUID().toString().substring(0, 8);
                String token = services.token("alice", "commands:write");
                assertThat(command(services, token, account, "OpenAccount", "{\"currency\":\"EUR\"}").statusCode()).isEqualTo(201);
                assertThat(command(services, token, account, "Deposit", "{\"amount\":250}").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(60)).until(() -> balance(services, account) == 250L);

                for (String intruder : List.of("projection-service", "replay", "mallory")) {
                    for (String topic : List.of(namespace + ".commands", namespace + ".requests", namespace + ".events.account", namespace + ".results")) {
                        assertThat(writes(sasl, intruder, topic)).as(intruder + " writes " + topic).isFalse();
                    }
                }
                assertThat(reads(sasl, "mallory", namespace + ".events.account")).as("an unknown principal reads events").isFalse();
                assertThat(reads(sasl, "replay", namespace + ".events.account")).as("the auditors' tool reads events").isTrue();
            }
        }
    }

    /** admin-properties.sh, then apply-acls.sh with a kafka-acls.sh that runs Kafka's AclCommand from this classpath. */
    private static void applyAcls(int saslPort, String namespace) throws Exception {
        Path work = Files.createTempDirectory("acl-scripts");
        Path tool = work.resolve("kafka-acls.sh");
        Files.writeString(tool, "#!/usr/bin/env bash\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' org.apache.kafka.tools.AclCommand \"$@\"\n");
        Files.setPosixFilePermissions(tool, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path adminConfig = work.resolve("admin.properties");
        ProcessBuilder properties = new ProcessBuilder("bash", SCRIPTS.resolve("admin-properties.sh").toString())
                .redirectOutput(adminConfig.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        properties.environment().put("KAFKA_ADMIN_PASSWORD", password("admin"));
        assertThat(properties.start().waitFor()).isZero();
        ProcessBuilder apply = new ProcessBuilder("bash", SCRIPTS.resolve("apply-acls.sh").toString()).redirectErrorStream(true);
        apply.environment().putAll(Map.of("KAFKA_BOOTSTRAP", "localhost:" + saslPort, "KAFKA_ADMIN_CONFIG", adminConfig.toString(),
                "EVENTLINE_NAMESPACE", namespace, "KAFKA_ACLS_TOOL", tool.toString()));
        Process process = apply.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("allowed User:command-service All on topic " + namespace + ". (prefixed)");
    }

    private static String password(String principal) {
        return principal + "-secret";
    }

    private static String jaas(String principal) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal + "\" password=\"" + password(principal) + "\";";
    }

    private static Map<String, Object> client(int port, String principal) {
        return Map.of("bootstrap.servers", "localhost:" + port, "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaas(principal), "max.block.ms", 10_000, "request.timeout.ms", 10_000, "delivery.timeout.ms", 15_000);
    }

    private static boolean writes(int port, String principal, String topic) throws InterruptedException {
        Map<String, Object> settings = new java.util.HashMap<>(client(port, principal));
        // Not idempotent: the refusal asked about is the topic's, not the cluster's idempotent-write permission.
        settings.put("enable.idempotence", false);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "forged".getBytes(), "{\"roles\":[\"admin\"]}".getBytes())).get();
            return true;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicAuthorizationException.class);
            return false;
        } catch (TopicAuthorizationException e) {
            return false;
        }
    }

    private static boolean reads(int port, String principal, String topic) {
        Map<String, Object> settings = new java.util.HashMap<>(client(port, principal));
        settings.put("group.id", "never-granted-" + principal);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(10));
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            consumer.position(new org.apache.kafka.common.TopicPartition(topic, 0), Duration.ofSeconds(10));
            return true;
        } catch (TopicAuthorizationException e) {
            return false;
        }
    }

    private static java.net.http.HttpResponse<String> command(WriteSide services, String token, String account, String type, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(services.commandService().resolve("/v1/commands/account/" + account + "/" + type))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long balance(WriteSide services, String account) throws Exception {
        try (Connection c = DriverManager.getConnection(services.jdbcUrl(), services.infrastructure().jdbcUser(), services.infrastructure().jdbcPassword());
             PreparedStatement query = c.prepareStatement("select balance from accounts where id = ?")) {
            query.setString(1, account);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : -1;
            } catch (java.sql.SQLException e) {
                return -1; // the projection has not created its tables yet
            }
        }
    }
}
