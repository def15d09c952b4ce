package dev.eventline.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where the test infrastructure comes from, chosen in this order: endpoints given in the
 * environment, Testcontainers when a Docker engine is reachable, else the embedded dev-stack.
 */
public enum InfrastructureSource {
    ENVIRONMENT, TESTCONTAINERS, EMBEDDED;

    public static final String KAFKA_ENV = "EVENTLINE_TEST_KAFKA_BOOTSTRAP_SERVERS";
    public static final String JDBC_ENV = "EVENTLINE_TEST_JDBC_URL";
    /** Optional with the two above; without it a development registry runs on the given broker. */
    public static final String REGISTRY_ENV = "EVENTLINE_TEST_SCHEMA_REGISTRY_URL";
    public static final String JDBC_USER_ENV = "EVENTLINE_TEST_JDBC_USER";
    public static final String JDBC_PASSWORD_ENV = "EVENTLINE_TEST_JDBC_PASSWORD";
    /** Forces a source by name (environment, testcontainers, embedded), e.g. to skip a slow Docker probe. */
    public static final String FORCE_ENV = "EVENTLINE_TEST_INFRASTRUCTURE";

    /**
     * Picks the source. The Docker probe is only asked when the environment names no endpoints,
     * since it can take seconds.
     */
    public static InfrastructureSource select(Map<String, String> env, BooleanSupplier dockerAvailable) {
        Optional<String> forced = value(env, FORCE_ENV);
        if (forced.isPresent()) {
            return valueOf(forced.get().trim().toUpperCase());
        }
        boolean kafka = value(env, KAFKA_ENV).isPresent();
        boolean jdbc = value(env, JDBC_ENV).isPresent();
        if (kafka && jdbc) {
            return ENVIRONMENT;
        }
        if (kafka || jdbc) {
            throw new IllegalStateException("set both " + KAFKA_ENV + " and " + JDBC_ENV + ", or neither");
        }
        return dockerAvailable.getAsBoolean() ? TESTCONTAINERS : EMBEDDED;
    }

    static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
