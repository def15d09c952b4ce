package dev.eventline.testkit;

import java.util.Map;

import dev.eventline.devstack.Ports;
import dev.eventline.devstack.registry.CompatibilityLevel;
import dev.eventline.devstack.registry.KafkaSchemaLog;
import dev.eventline.devstack.registry.SchemaRegistryServer;
import dev.eventline.devstack.postgres.Databases;
import dev.eventline.devstack.postgres.JdbcUrls;

/** Endpoints someone already runs (a CI service, a shared cluster), named in the environment. */
final class EnvironmentInfrastructure implements Infrastructure {

    private final String bootstrap;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String registryUrl;
    private final SchemaRegistryServer ownRegistry;

    EnvironmentInfrastructure(Map<String, String> env) {
        this.bootstrap = env.get(InfrastructureSource.KAFKA_ENV);
        this.jdbcUrl = env.get(InfrastructureSource.JDBC_ENV);
        this.user = env.getOrDefault(InfrastructureSource.JDBC_USER_ENV, "postgres");
        this.password = env.getOrDefault(InfrastructureSource.JDBC_PASSWORD_ENV, "");
        String given = env.get(InfrastructureSource.REGISTRY_ENV);
        if (given == null || given.isBlank()) {
            ownRegistry = new SchemaRegistryServer(Ports.free(), new KafkaSchemaLog(bootstrap, "_eventline_test_schemas"),
                    CompatibilityLevel.BACKWARD).start();
            registryUrl = ownRegistry.url();
        } else {
            ownRegistry = null;
            registryUrl = given;
        }
    }

    @Override
    public String schemaRegistryUrl() {
        return registryUrl;
    }

    @Override
    public InfrastructureSource source() {
        return InfrastructureSource.ENVIRONMENT;
    }

    @Override
    public String kafkaBootstrapServers() {
        return bootstrap;
    }

    @Override
    public String jdbcUrl(String database) {
        return JdbcUrls.withDatabase(jdbcUrl, database);
    }

    @Override
    public String jdbcUser() {
        return user;
    }

    @Override
    public String jdbcPassword() {
        return password;
    }

    @Override
    public void createDatabase(String database) {
        Databases.create(jdbcUrl, user, password, database);
    }

    @Override
    public void close() {
        // The broker and database are not ours to stop; a registry we started is.
        if (ownRegistry != null) {
            ownRegistry.close();
        }
    }
}
