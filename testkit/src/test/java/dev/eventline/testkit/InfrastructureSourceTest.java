package dev.eventline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import dev.eventline.devstack.postgres.JdbcUrls;
import org.junit.jupiter.api.Test;

class InfrastructureSourceTest {

    private static final Map<String, String> ENDPOINTS = Map.of(
            InfrastructureSource.KAFKA_ENV, "kafka:9092",
            InfrastructureSource.JDBC_ENV, "jdbc:postgresql://db:5432/eventline");

    @Test
    void shouldPreferEndpointsFromTheEnvironmentWithoutProbingDocker() {
        AtomicBoolean probed = new AtomicBoolean();
        BooleanSupplier docker = () -> {
            probed.set(true);
            return true;
        };

        assertThat(InfrastructureSource.select(ENDPOINTS, docker)).isEqualTo(InfrastructureSource.ENVIRONMENT);
        assertThat(probed).isFalse();
    }

    @Test
    void shouldChooseTestcontainersWhenADockerEngineIsReachable() {
        assertThat(InfrastructureSource.select(Map.of(), () -> true)).isEqualTo(InfrastructureSource.TESTCONTAINERS);
    }

    @Test
    void shouldFallBackToTheEmbeddedStackWithoutDocker() {
        assertThat(InfrastructureSource.select(Map.of(), () -> false)).isEqualTo(InfrastructureSource.EMBEDDED);
    }

    @Test
    void shouldIgnoreBlankEnvironmentValues() {
        Map<String, String> blank = Map.of(InfrastructureSource.KAFKA_ENV, " ", InfrastructureSource.JDBC_ENV, "");

        assertThat(InfrastructureSource.select(blank, () -> false)).isEqualTo(InfrastructureSource.EMBEDDED);
    }

    @Test
    void shouldRejectHalfAConfiguration() {
        Map<String, String> onlyKafka = Map.of(InfrastructureSource.KAFKA_ENV, "kafka:9092");

        assertThatThrownBy(() -> InfrastructureSource.select(onlyKafka, () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(InfrastructureSource.JDBC_ENV);
    }

    @Test
    void shouldHonourAForcedSource() {
        Map<String, String> forced = Map.of(InfrastructureSource.FORCE_ENV, "embedded");

        assertThat(InfrastructureSource.select(forced, () -> true)).isEqualTo(InfrastructureSource.EMBEDDED);
    }

    @Test
    void shouldBuildTestcontainersInfrastructureWithoutStartingIt() {
        // Constructing the containers needs no engine; proves the branch links against Testcontainers.
        assertThat(new TestcontainersInfrastructure().source()).isEqualTo(InfrastructureSource.TESTCONTAINERS);
        assertThat(TestcontainersInfrastructure.KAFKA_IMAGE.getRepository()).isEqualTo("apache/kafka");
    }

    @Test
    void shouldPointJdbcUrlsAtAnotherDatabaseKeepingParameters() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://localhost:5432/postgres?ssl=false", "t_one"))
                .isEqualTo("jdbc:postgresql://localhost:5432/t_one?ssl=false");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://localhost:5432/", "t_two"))
                .isEqualTo("jdbc:postgresql://localhost:5432/t_two");
    }
}
