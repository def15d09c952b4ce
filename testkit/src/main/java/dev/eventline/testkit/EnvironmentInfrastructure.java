package dev.eventline.testkit;

import java.util.Map;

/** Endpoints someone already runs (a CI service, a shared cluster), named in the environment. */
final class EnvironmentInfrastructure implements Infrastructure {

    private final String bootstrap;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    EnvironmentInfrastructure(Map<String, String> env) {
        this.bootstrap = env.get(InfrastructureSource.KAFKA_ENV);
        this.jdbcUrl = env.get(InfrastructureSource.JDBC_ENV);
        this.user = env.getOrDefault(InfrastructureSource.JDBC_USER_ENV, "postgres");
        this.password = env.getOrDefault(InfrastructureSource.JDBC_PASSWORD_ENV, "");
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
        // not ours to stop
    }
}
