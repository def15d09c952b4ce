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

    /** Readiness shows its details to a caller with a valid token only. */
    private static final DevelopmentKeys KEYS = keys();

    private static DevelopmentKeys keys() {
        try {
            return DevelopmentKeys.open(Files.createTempDirectory("command-service-keys"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

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
                    // A burst of 3, then one command an hour: the fourth of a burst is refused.
                    "eventline.admission.default-capacity", "3",
                    "eventline.admission.default-refill-tokens", "1",
                    "eventline.admission.default-refill-period", "1h",
                    "micronaut.security.token.jwt.signatures.jwks-static.eventline.path", "file:" + KEYS.publicKeySet());
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
        CommandResult result = awaitResult(send("alice", "acc-h"));

        assertThat(result.getStatus()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(result.getPosition()).isEqualTo("account/acc-h@1");
    }

    @Test
    void shouldExposeOutcomesRefusalsStreamsAndHttpMetricsToPrometheus() throws Exception {
        awaitReady();
        String last = null;
        for (int i = 1; i <= 4; i++) {
            last = send("greedy", "acc-greedy-" + i);
        }
        assertThat(awaitResult(last).getStatus()).isEqualTo(CommandStatus.RATE_LIMITED);

        String metrics = get("/prometheus").body();

        assertThat(metrics)
                .contains("eventline_commands_outcomes_total{aggregate_type=\"account\",code=\"none\",stage=\"decide\",status=\"ACCEPTED\"}")
                .contains("eventline_commands_outcomes_total{aggregate_type=\"account\",code=\"RATE_LIMITED\",stage=\"admission\",status=\"RATE_LIMITED\"} 1.0")
                .contains("eventline_commands_rate_limited_total{stage=\"admission\"} 1.0")
                .containsPattern("kafka_streams_alive_stream_threads\\{client_id=\"[^\"]*-decide-[^\"]*\"} [1-9]")
                .containsPattern("kafka_streams_client_state\\{client_id=\"[^\"]*-admission-[^\"]*\"} ")
                .containsPattern("(?m)^kafka_streams_process [1-9]")
                .contains("kafka_consumer_fetch_manager_records_consumed_total")
                .contains("http_server_requests_seconds_count")
                // The stores draw on the one 128 MiB cache of application.yml (BoundedRocksDbMemory), not 50 MiB each.
                .containsPattern("(?m)^kafka_streams_block_cache_capacity 1\\.34217728E8$");
    }

    @Test
    void shouldServeItsOpenApiDocumentAndABrowsableUi() {
        HttpResponse<String> document = get("/swagger/eventline-command-api-1.yml");
        assertThat(document.code()).isEqualTo(200);
        assertThat(document.body()).contains("/v1/commands/{aggregateType}/{aggregateId}/{commandType}:", "Idempotency-Key",
                "/v1/admin/client-limits/{clientId}:", "scheme: bearer", "\"422\":");

        HttpResponse<String> ui = get("/swagger-ui/index.html");
        assertThat(ui.code()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui").contains("eventline-command-api-1.yml");
    }

    /** Appends an OpenAccount request straight to the requests topic, as the HTTP edge does; returns its command id. */
    private String send(String client, String account) throws Exception {
        CommandMetadata metadata = CommandMetadata.newBuilder()
                .setCommandId(UUID.randomUUID().toString()).setAggregateType("account").setAggregateId(account).setCommandType("OpenAccount")
                .setIdempotencyKey(UUID.randomUUID().toString()).setPayloadHash(ByteBuffer.wrap(new byte[32])).setClientId(client).setRoles(List.of())
                .setCorrelationId("corr-" + account).setCausationId("corr-" + account).setReceivedAt(Instant.now()).build();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of("bootstrap.servers", SharedInfrastructure.get().kafkaBootstrapServers()),
                new StringSerializer(), topics.requests().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.requests().name(), client, new AccountCommand(metadata, new OpenAccount("EUR")))).get();
        }
        return metadata.getCommandId();
    }

    private CommandResult awaitResult(String commandId) {
        try (KafkaConsumer<String, CommandResult> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", SharedInfrastructure.get().kafkaBootstrapServers(),
                "group.id", namespace + "-check-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), topics.results().valueSerde().deserializer())) {
            consumer.subscribe(Set.of(topics.results().name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().getCommandId().equals(commandId)) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no outcome for " + commandId);
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
            return client.toBlocking().exchange(HttpRequest.GET(path)
                    .bearerAuth(KEYS.issue("ops", java.util.List.of("admin"), Duration.ofMinutes(5))), String.class);
        } catch (HttpClientResponseException e) {
            return HttpResponse.<String>status(e.getStatus()).body(e.getResponse().getBody(String.class).orElse(""));
        }
    }
}
