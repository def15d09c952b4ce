package dev.eventline.projection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.testkit.Infrastructure;

/**
 * The settings a projection service under test needs: the test infrastructure, its own namespace
 * and database, and the token keys its API checks bearer tokens with.
 */
public final class ProjectionServiceProperties {

    private static final DevelopmentKeys KEYS = keys();

    private ProjectionServiceProperties() {
    }

    public static Map<String, String> of(Infrastructure infrastructure, String namespace, String database) {
        return Map.of(
                "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                "schema.registry.url", infrastructure.schemaRegistryUrl(),
                "eventline.namespace", namespace,
                "eventline.partitions", "3",
                "eventline.token-keys", "file:" + KEYS.publicKeySet(),
                "datasources.default.url", infrastructure.jdbcUrl(database),
                "datasources.default.username", infrastructure.jdbcUser(),
                "datasources.default.password", infrastructure.jdbcPassword());
    }

    /** A bearer token the services under test accept. */
    public static String token(String client, String... roles) {
        return KEYS.issue(client, List.of(roles), Duration.ofHours(1));
    }

    private static DevelopmentKeys keys() {
        try {
            return DevelopmentKeys.open(Files.createTempDirectory("projection-keys"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
