package dev.eventline.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.ledger.account.AccountCommand;
import dev.eventline.ledger.account.OpenAccount;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The service as it runs: both stages started by Micronaut against the real broker and registry. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthEndpointTest implements TestPropertyProvider {

    private final String namespace = "svc-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    EventlineTopics topics;

    @Override
    public Map<String, String> getProperties() {
        Infrastructure infrastructure = SharedInfrastructure.get();
        try {
            return Map.of(
                    "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                    "schema.registry.url", infrastructure.schemaRegistryUrl(),
                    "eventline.namespace", namespace,
                    "eventline.partitions", "2",
                    "eventline.state-dir", Files.createTempDirectory("command-service-streams").toString(),
                    "micronaut.security.token.jwt.signatures.jwks-static.eventline.path",
                    "file:" + DevelopmentKeys.open(Files.createTempDirectory("command-service-keys")).publicKeySet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldBeLiveAtOnceAndReadyOnceBothStagesRun() {
        assertThat(get("/health/liveness").code()).isEqualTo(200);

        HttpResponse<String> ready = awaitReady();
        assertThat(ready.body()).contains("\"command-stages\"", "\"admission\":\"RUNNING\"", "\"decide\":\"RUNNING\"");
    }

    @Test
    void shouldDecideACommandSentThroughItsStages() throws Exception {
        awaitReady();
        CommandMetadata metadata = CommandMetadata.newBuilder()
                .setCommandId(UUID.randomUUID().toString()).setAggregateType("account").setAggregateId("acc-h").setCommandType("OpenAccount")
                .setIdempotencyKey("k-h").setPayloadHash(ByteBuffer.wrap(new byte[32])).setClientId("alice").setRoles(List.of())
                .setCorrelationId("corr-h").setCausationId("corr-h").setReceivedAt(Instant.now()).build();
        String bootstrap = SharedInfrastructure.get().kafkaBootstrapServers();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), topics.requests().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.requests().name(), "alice", new AccountCommand(metadata, new OpenAccount("EUR")))).get();
        }

        CommandResult result = null;
        try (KafkaConsumer<String, CommandResult> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", namespace + "-check", "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), topics.results().valueSerde().deserializer())) {
            consumer.subscribe(Set.of(topics.results().name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (result == null && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    result = record.value();
                }
            }
        }
        assertThat(result).isNotNull();
        assertThat(result.getStatus()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(result.getPosition()).isEqualTo("account/acc-h@1");
    }

    private HttpResponse<String> awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            HttpResponse<String> response = get("/health/readiness");
            if (response.code() == 200 || System.nanoTime() > deadline) {
                assertThat(response.code()).as(response.body()).isEqualTo(200);
                return response;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return client.toBlocking().exchange(HttpRequest.GET(path), String.class);
        } catch (HttpClientResponseException e) {
            return HttpResponse.<String>status(e.getStatus()).body(e.getResponse().getBody(String.class).orElse(""));
        }
    }
}
