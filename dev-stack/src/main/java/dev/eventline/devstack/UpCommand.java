package dev.eventline.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.eventline.devstack.kafka.BrokerProcess;
import dev.eventline.devstack.kafka.KraftBroker.KraftBrokerConfig;
import dev.eventline.devstack.postgres.PostgresServer;
import dev.eventline.devstack.postgres.PostgresServer.PostgresConfig;
import dev.eventline.devstack.services.ServiceSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eventline up}: the embedded platform in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the Kafka broker, PostgreSQL, the schema registry and the Eventline services; stop them on Ctrl-C or SIGTERM.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--root", defaultValue = ".", description = "Repository root holding the built modules (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--kafka-port", defaultValue = "${env:EVENTLINE_KAFKA_PORT:-9092}", description = "Broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", defaultValue = "${env:EVENTLINE_KAFKA_CONTROLLER_PORT:-9093}", description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--postgres-port", defaultValue = "${env:EVENTLINE_POSTGRES_PORT:-55432}", description = "PostgreSQL port (default: ${DEFAULT-VALUE}).")
    int postgresPort;

    @Option(names = "--registry-port", defaultValue = "${env:EVENTLINE_REGISTRY_PORT:-8081}", description = "Schema registry port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--command-port", defaultValue = "${env:EVENTLINE_COMMAND_PORT:-8080}", description = "command-service port (default: ${DEFAULT-VALUE}).")
    int commandPort;

    @Option(names = "--projection-port", defaultValue = "${env:EVENTLINE_PROJECTION_PORT:-8070}", description = "projection-service port (default: ${DEFAULT-VALUE}).")
    int projectionPort;

    @Option(names = "--query-port", defaultValue = "${env:EVENTLINE_QUERY_PORT:-8090}", description = "query-service port (default: ${DEFAULT-VALUE}).")
    int queryPort;

    @Option(names = "--no-services", description = "Start only the broker, PostgreSQL and the schema registry.")
    boolean noServices;

    @Option(names = "--health-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for every service's /health (default: ${DEFAULT-VALUE}).")
    Duration healthTimeout;

    @Override
    public Integer call() throws Exception {
        DataDirectory data = DataDirectory.fromEnvironment(System.getenv());
        Path repo = root.toAbsolutePath().normalize();
        List<ServiceSpec> services = noServices ? List.of() : List.of(
                ServiceSpec.production(repo, "command-service", commandPort),
                ServiceSpec.production(repo, "projection-service", projectionPort),
                ServiceSpec.production(repo, "query-service", queryPort));
        DevStack stack = new DevStack(
                new BrokerProcess(new KraftBrokerConfig(kafkaPort, controllerPort, data.kafkaLogs(), Map.of()), data.logs().resolve("kafka.log")),
                new PostgresServer(new PostgresConfig(postgresPort, data.postgresData(), data.postgresRuntime(), PostgresServer.DEFAULT_DATABASE)),
                registryPort, services, data);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and Ctrl-C both run shutdown hooks; stopping there keeps the order services -> broker -> db.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "eventline-shutdown"));
        long begin = System.nanoTime();
        try {
            stack.start(healthTimeout);
        } catch (RuntimeException e) {
            System.err.println("eventline up failed: " + e.getMessage());
            return 1; // the shutdown hook stops whatever did start
        }
        System.out.print(stack.describe());
        System.out.printf("Started in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        System.out.flush();
        stopped.await();
        return 0;
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Duration.parse("PT" + value.toUpperCase());
        }
    }
}
