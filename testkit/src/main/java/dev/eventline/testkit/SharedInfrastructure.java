package dev.eventline.testkit;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Infrastructure} per test JVM, started on first use. It is stopped when the JVM
 * exits, after every test class has closed its own clients and application contexts.
 */
public final class SharedInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(SharedInfrastructure.class);
    private static Infrastructure instance;

    private SharedInfrastructure() {
    }

    public static synchronized Infrastructure get() {
        if (instance == null) {
            instance = start();
            Infrastructure started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "eventline-test-infrastructure-stop"));
        }
        return instance;
    }

    private static Infrastructure start() {
        long begin = System.nanoTime();
        InfrastructureSource source = InfrastructureSource.select(System.getenv(), TestcontainersInfrastructure::dockerAvailable);
        Infrastructure infrastructure = switch (source) {
            case ENVIRONMENT -> new EnvironmentInfrastructure(System.getenv());
            case TESTCONTAINERS -> new TestcontainersInfrastructure().start();
            case EMBEDDED -> new EmbeddedInfrastructure(workDir()).start();
        };
        LOG.info("Test infrastructure from {} ready in {} ms: kafka {}, registry {}", source,
                (System.nanoTime() - begin) / 1_000_000, infrastructure.kafkaBootstrapServers(), infrastructure.schemaRegistryUrl());
        return infrastructure;
    }

    private static Path workDir() {
        String configured = System.getProperty("eventline.test.data-dir");
        return configured != null ? Path.of(configured) : Path.of("target", "eventline-test");
    }
}
