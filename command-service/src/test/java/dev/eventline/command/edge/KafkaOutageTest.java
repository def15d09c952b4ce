package dev.eventline.command.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.eventline.command.CommandApiClient;
import dev.eventline.devstack.Ports;
import dev.eventline.devstack.kafka.KraftBroker;
import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.testkit.Http.Answer;
import dev.eventline.testkit.SharedInfrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away under a running service: readiness turns DOWN (saying Kafka is what is
 * unhealthy), a command gets a prompt 503 with Retry-After (never a hang), and once the broker
 * is back the service is ready and answers again by itself. Liveness stays UP throughout:
 * restarting the pod would not bring the broker back.
 */
class KafkaOutageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anUnreachableBrokerGives503WithinTheSendTimeoutAndTheServiceRecovers() throws Exception {
        Path logs = Files.createTempDirectory("outage-kafka");
        KraftBroker.KraftBrokerConfig config = new KraftBroker.KraftBrokerConfig(Ports.free(), Ports.free(), logs, Map.of());
        KraftBroker broker = new KraftBroker(config).start();
        DevelopmentKeys keys = DevelopmentKeys.open(Files.createTempDirectory("outage-keys"));
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", broker.bootstrapServers());
        properties.put("schema.registry.url", SharedInfrastructure.get().schemaRegistryUrl());
        properties.put("eventline.namespace", "outage-" + UUID.randomUUID().toString().substring(0, 8));
        properties.put("eventline.partitions", 2);
        properties.put("eventline.state-dir", Files.createTempDirectory("outage-streams").toString());
        properties.put("eventline.edge.send-timeout", "2s");
        properties.put("kafka.streams.default.close-timeout", "5s");
        properties.put("kafka.streams.admission.close-timeout", "5s");
        properties.put("micronaut.security.token.jwt.signatures.jwks-static.eventline.path", "file:" + keys.publicKeySet());
        String token = keys.issue("outage-client", List.of("commands:write"), Duration.ofHours(1));
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            CommandApiClient api = new CommandApiClient(server.getURI());
            awaitStatus(api, token, "acc-before", 201, Duration.ofSeconds(90));
            assertThat(awaitHealth(server.getURI(), 200, Duration.ofSeconds(30), token).body()).contains("\"kafka\"");

            broker.close();
            HttpResponse<String> notReady = awaitHealth(server.getURI(), 503, Duration.ofSeconds(30), token);
            assertThat(notReady.body()).containsPattern("\"kafka\":\\{[^}]*\"status\":\"DOWN\"");
            assertThat(health(server.getURI(), "/health/liveness", null).statusCode()).isEqualTo(200);

            long begin = System.nanoTime();
            Answer refused = api.command("account", "acc-during", "OpenAccount").token(token).key(UUID.randomUUID().toString())
                    .body("{\"currency\":\"EUR\"}").send();
            long millis = (System.nanoTime() - begin) / 1_000_000;

            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.json().get("code").asText()).isEqualTo("KAFKA_UNAVAILABLE");
            assertThat(refused.header("Retry-After")).isEqualTo("2");
            assertThat(millis).as("bounded by the send timeout, not a hang").isLessThan(15_000);

            broker = new KraftBroker(config).start(); // same port and logs: the same cluster comes back
            awaitStatus(api, token, "acc-after", 201, Duration.ofSeconds(120));
            awaitHealth(server.getURI(), 200, Duration.ofSeconds(60), token);
        } finally {
            broker.close();
        }
    }

    /** Readiness with its details, which only a caller with a valid token sees. */
    private static HttpResponse<String> awaitHealth(URI service, int status, Duration timeout, String token) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = health(service, "/health/readiness", token);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            response = health(service, "/health/readiness", token);
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static HttpResponse<String> health(URI service, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends OpenAccount with one key until the answer has the status: a retry is safe by design. */
    private static void awaitStatus(CommandApiClient api, String token, String account, int status, Duration timeout) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer answer = null;
        while (System.nanoTime() < deadline) {
            answer = api.command("account", account, "OpenAccount").token(token).key(key).body("{\"currency\":\"EUR\"}").send();
            if (answer.status() == status) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("never " + status + ": " + answer);
    }
}
