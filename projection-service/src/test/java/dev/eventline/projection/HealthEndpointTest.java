package dev.eventline.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The service as it runs, on the real broker, registry and PostgreSQL. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthEndpointTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        Infrastructure infrastructure = SharedInfrastructure.get();
        String database = "health_" + UUID.randomUUID().toString().substring(0, 8);
        infrastructure.createDatabase(database);
        return ProjectionServiceProperties.of(infrastructure, "health-" + UUID.randomUUID().toString().substring(0, 8), database);
    }

    @Test
    void shouldAnswerProbesMetricsAndProjectionStatus() throws InterruptedException {
        assertThat(get("/health/liveness").code()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> ready = get("/health/readiness");
        while (ready.code() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            ready = get("/health/readiness");
        }
        assertThat(ready.code()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"projections\"");

        assertThat(get("/v1/projections").body()).contains("\"name\":\"ledger\"", "\"name\":\"archive\"", "\"name\":\"outcomes\"",
                "\"activeVersion\":1");
        assertThat(get("/prometheus").body()).contains("eventline_projection_lag_records", "eventline_projection_dead_letters");
    }

    private HttpResponse<String> get(String path) {
        try {
            // With a token: readiness shows its details and the projections' progress is for operators.
            return client.toBlocking().exchange(HttpRequest.GET(path).bearerAuth(ProjectionServiceProperties.token("ops", "admin")), String.class);
        } catch (HttpClientResponseException e) {
            return HttpResponse.<String>status(e.getStatus()).body(e.getResponse().getBody(String.class).orElse(""));
        }
    }
}
