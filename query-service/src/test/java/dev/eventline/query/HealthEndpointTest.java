package dev.eventline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@MicronautTest
class HealthEndpointTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void shouldAnswerLivenessAndReadinessProbes() {
        for (String path : new String[] {"/health", "/health/liveness", "/health/readiness"}) {
            HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET(path), String.class);
            assertThat(response.code()).as(path).isEqualTo(HttpStatus.OK.getCode());
            String body = response.body();
            assertThat(body).as(path).contains("\"status\":\"UP\"");
        }
    }
}
