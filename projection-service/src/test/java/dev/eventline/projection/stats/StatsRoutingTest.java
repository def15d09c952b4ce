package dev.eventline.projection.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.projection.LedgerHistory;
import dev.eventline.projection.ProjectionServiceProperties;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Two projection-service instances share the statistics' partitions: either answers about any
 * client (asking the owner) and about all of them (asking each), with the counts of the events.
 */
class StatsRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Infrastructure infrastructure = SharedInfrastructure.get();
    private final HttpClient http = HttpClient.newHttpClient();
    /** The statistics across clients are for dashboards; an instance asks another with the caller's token. */
    private static final String DASHBOARD = ProjectionServiceProperties.token("wallboard", "dashboard");

    @Test
    void eitherInstanceAnswersForEveryClientAndTheTotals() throws Exception {
        String namespace = "route-" + UUID.randomUUID().toString().substring(0, 8);
        String database = "route_" + UUID.randomUUID().toString().substring(0, 8);
        infrastructure.createDatabase(database);
        try (EmbeddedServer a = start(namespace, database); EmbeddedServer b = start(namespace, database)) {
            LedgerHistory history = new LedgerHistory(21, "", 40, 3, 0);
            EventlineTopics topics = new EventlineTopics(namespace, new RestSchemaRegistryClient(RegistryClientConfig.of(infrastructure.schemaRegistryUrl())), true);
            Map<String, Long> eventsByClient = new TreeMap<>();
            try (KafkaProducer<String, SpecificRecord> events = new KafkaProducer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(), "max.in.flight.requests.per.connection", 1),
                    new StringSerializer(), topics.events(LedgerModule.ACCOUNT).valueSerde().serializer());
                 KafkaProducer<String, CommandResult> results = new KafkaProducer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(), "max.in.flight.requests.per.connection", 1),
                         new StringSerializer(), topics.results().valueSerde().serializer())) {
                for (LedgerHistory.Entry entry : history.entries()) {
                    if (entry.kind().equals(LedgerModule.ACCOUNT)) {
                        AccountEvent event = (AccountEvent) entry.value();
                        events.send(new ProducerRecord<>(topics.events(LedgerModule.ACCOUNT).name(), entry.key(), event));
                        eventsByClient.merge(event.getMetadata().getClientId(), 1L, Long::sum);
                    } else if (entry.kind().equals("results")) {
                        results.send(new ProducerRecord<>(topics.results().name(), entry.key(), (CommandResult) entry.value()));
                    }
                }
            }
            long balance = history.accounts().values().stream().mapToLong(s -> s.balance()).sum();

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Map<String, Long> seenA = Map.of();
            Map<String, Long> seenB = Map.of();
            while (System.nanoTime() < deadline) {
                seenA = ready(a) ? perClient(a) : Map.of();
                seenB = ready(b) ? perClient(b) : Map.of();
                if (seenA.equals(eventsByClient) && seenB.equals(eventsByClient)) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(seenA).as("all clients through instance a").isEqualTo(eventsByClient);
            assertThat(seenB).as("all clients through instance b").isEqualTo(eventsByClient);
            for (String client : eventsByClient.keySet()) {
                JsonNode viaA = get(a, "/v1/stats/clients/" + client);
                JsonNode viaB = get(b, "/v1/stats/clients/" + client);
                assertThat(sum(viaA.get("events"))).as(client + " via a").isEqualTo(eventsByClient.get(client));
                assertThat(viaB.get("events")).isEqualTo(viaA.get("events"));
                assertThat(viaB.get("admittedCommands")).isEqualTo(viaA.get("admittedCommands"));
            }
            JsonNode totals = get(a, "/v1/stats/totals").get("currencies").get("EUR");
            assertThat(totals.get("accounts").asLong()).isEqualTo(history.accounts().size());
            assertThat(totals.get("balance").asLong()).isEqualTo(balance);
            // The statistics' stores draw on the one 128 MiB cache of application.yml (BoundedRocksDbMemory), not 50 MiB each.
            // Read from the stores' own metrics: /prometheus shows one series for all stores (no store tag), and with two
            // instances the first one registered may be a store since moved to the other instance, closed, reading 0.
            assertThat(blockCacheCapacities(a)).isNotEmpty().containsOnly(134_217_728.0);
        }
    }

    /** Stores answer once the group settled; meanwhile instances say 503 with Retry-After. */
    /** The block cache capacity each open RocksDB store of the instance's Streams applications reports. */
    private static java.util.List<Double> blockCacheCapacities(EmbeddedServer server) {
        return server.getApplicationContext().getBeansOfType(org.apache.kafka.streams.KafkaStreams.class).stream()
                .flatMap(streams -> streams.metrics().values().stream())
                .filter(metric -> metric.metricName().name().equals("block-cache-capacity"))
                .map(metric -> ((Number) metric.metricValue()).doubleValue()).filter(capacity -> capacity > 0).toList();
    }

    private boolean ready(EmbeddedServer server) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/stats/totals"))
                .header("Authorization", "Bearer " + DASHBOARD).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
        return response.statusCode() == 200;
    }

    private Map<String, Long> perClient(EmbeddedServer server) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        get(server, "/v1/stats/events-per-minute?by=client&minutes=120").get("series").fields()
                .forEachRemaining(e -> counts.put(e.getKey(), sum(e.getValue())));
        return counts;
    }

    private static long sum(JsonNode windows) {
        long total = 0;
        for (JsonNode count : windows) {
            total += count.asLong();
        }
        return total;
    }

    private JsonNode get(EmbeddedServer server, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.getURI().resolve(path)).header("Authorization", "Bearer " + DASHBOARD)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private EmbeddedServer start(String namespace, String database) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, Object> properties = new HashMap<>(ProjectionServiceProperties.of(infrastructure, namespace, database));
        properties.put("micronaut.server.port", port);
        properties.put("kafka.streams.default.application.server", "localhost:" + port);
        properties.put("kafka.streams.default.state.dir", Files.createTempDirectory("stats-streams").toString());
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }
}
