package dev.eventline.projection;

import java.util.Map;

import dev.eventline.testkit.Infrastructure;

/** The settings a projection service under test needs: the test infrastructure, its own namespace and database. */
public final class ProjectionServiceProperties {

    private ProjectionServiceProperties() {
    }

    public static Map<String, String> of(Infrastructure infrastructure, String namespace, String database) {
        return Map.of(
                "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                "schema.registry.url", infrastructure.schemaRegistryUrl(),
                "eventline.namespace", namespace,
                "eventline.partitions", "3",
                "datasources.default.url", infrastructure.jdbcUrl(database),
                "datasources.default.username", infrastructure.jdbcUser(),
                "datasources.default.password", infrastructure.jdbcPassword());
    }
}
