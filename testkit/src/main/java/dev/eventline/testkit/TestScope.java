package dev.eventline.testkit;

import java.util.Locale;
import java.util.UUID;

/**
 * What one test class owns on the shared infrastructure: a namespace for its topic names and a
 * database of its own, so classes never see each other's data.
 */
public record TestScope(Infrastructure infrastructure, String namespace, String database) {

    static TestScope forClass(Infrastructure infrastructure, Class<?> testClass) {
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "t_" + simple.substring(0, Math.min(simple.length(), 40)) + "_" + suffix;
        infrastructure.createDatabase(name);
        return new TestScope(infrastructure, name.replace('_', '-'), name);
    }

    /** A topic name inside this class's namespace. */
    public String topic(String name) {
        return namespace + "." + name;
    }

    public String kafkaBootstrapServers() {
        return infrastructure.kafkaBootstrapServers();
    }

    public String schemaRegistryUrl() {
        return infrastructure.schemaRegistryUrl();
    }

    public String jdbcUrl() {
        return infrastructure.jdbcUrl(database);
    }

    public String jdbcUser() {
        return infrastructure.jdbcUser();
    }

    public String jdbcPassword() {
        return infrastructure.jdbcPassword();
    }
}
