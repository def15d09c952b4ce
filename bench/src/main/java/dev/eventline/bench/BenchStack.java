package dev.eventline.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.eventline.devstack.DataDirectory;
import dev.eventline.devstack.DevStack;
import dev.eventline.devstack.Ports;
import dev.eventline.devstack.kafka.KraftBroker.KraftBrokerConfig;
import dev.eventline.devstack.kafka.BrokerProcess;
import dev.eventline.devstack.postgres.PostgresServer.PostgresConfig;
import dev.eventline.devstack.postgres.PostgresServer;
import dev.eventline.devstack.services.ServiceProcess;
import dev.eventline.devstack.services.ServiceSpec;
import dev.eventline.devstack.services.Supervision;

/**
 * The stack a benchmark loads: what {@code ./eventline up} runs, in a fresh data directory on free
 * ports, with the production image's JVM settings (or the tests', to compare) and every client's
 * limit lifted, since a benchmark looks for the platform's limit, not a client's. Closing it stops
 * everything and deletes the run's broker logs and database; Ctrl-C does the stopping too.
 */
public final class BenchStack implements AutoCloseable {

    /** The services' default topic namespace, as under {@code ./eventline up}. */
    public static final String NAMESPACE = "eventline";

    private final Path home;
    private final DataDirectory data;
    private final List<ServiceSpec> services;
    private final DevStack stack;
    private final BrokerProcess broker;
    private final Thread stopper;
    private final URI commands;
    private final URI queries;

    private BenchStack(Path home, DataDirectory data, List<ServiceSpec> services, DevStack stack, BrokerProcess broker, URI commands, URI queries) {
        this.broker = broker;
        this.home = home;
        this.data = data;
        this.services = services;
        this.stack = stack;
        this.commands = commands;
        this.queries = queries;
        this.stopper = new Thread(stack::close, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
    }

    static BenchStack start(Path repo, boolean testJvm) throws IOException {
        return start(repo, testJvm, Supervision.Backoff.DEFAULT);
    }

    /** With the supervision's restart backoff given (a chaos run restarts services often). */
    public static BenchStack start(Path repo, boolean testJvm, Supervision.Backoff backoff) throws IOException {
        Path home = Files.createTempDirectory("eventline-bench");
        DataDirectory data = DataDirectory.fromEnvironment(Map.of(DataDirectory.ENV, home.toString()));
        int commandPort = Ports.free();
        int queryPort = Ports.free();
        List<ServiceSpec> services = List.of(service(repo, "command-service", commandPort, testJvm),
                service(repo, "projection-service", Ports.free(), testJvm), service(repo, "query-service", queryPort, testJvm));
        BrokerProcess broker = new BrokerProcess(new KraftBrokerConfig(Ports.free(), Ports.free(), data.kafkaLogs(), Map.of()), data.logs().resolve("kafka.log"));
        DevStack stack = new DevStack(broker,
                new PostgresServer(new PostgresConfig(Ports.free(), data.postgresData(), data.postgresRuntime(), PostgresServer.DEFAULT_DATABASE)),
                Ports.free(), services, data)
                // The overload step sets its own client's limit through the admin API.
                .withServiceEnvironment(Map.of("EVENTLINE_ADMISSION_DEFAULT_CAPACITY", "1000000",
                        "EVENTLINE_ADMISSION_DEFAULT_REFILL_TOKENS", "1000000"))
                .withRestartBackoff(backoff)
                .start(Duration.ofSeconds(120));
        return new BenchStack(home, data, services, stack, broker, URI.create("http://localhost:" + commandPort), URI.create("http://localhost:" + queryPort));
    }

    private static ServiceSpec service(Path repo, String name, int port, boolean testJvm) {
        return testJvm ? ServiceSpec.ofModule(repo, name, port) : ServiceSpec.production(repo, name, port);
    }

    Path home() {
        return home;
    }

    public DataDirectory data() {
        return data;
    }

    /** What the services were started with: bootstrap servers, registry, database. */
    public Map<String, String> environment() {
        return stack.serviceEnvironment();
    }

    public URI commands() {
        return commands;
    }

    public URI queries() {
        return queries;
    }

    /** The broker, to stop, start or kill it. */
    public BrokerProcess broker() {
        return broker;
    }

    /** The database server, to stop, start or kill it. */
    public PostgresServer postgres() {
        return stack.postgres();
    }

    /** A running service, to stop or kill it. */
    public ServiceProcess service(String name) {
        return stack.service(name);
    }

    /** Each service's base address, by name. */
    Map<String, URI> serviceUris() {
        Map<String, URI> uris = new java.util.LinkedHashMap<>();
        services.forEach(service -> uris.put(service.name(), URI.create("http://localhost:" + service.port())));
        return uris;
    }

    Map<String, List<String>> serviceJvmOptions() {
        return services.stream().collect(Collectors.toMap(ServiceSpec::name, ServiceSpec::jvmOptions));
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(stopper);
        stack.close();
        // Broker logs and database of this run only.
        try (var paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.out.printf("[bench] could not delete %s: %s%n", home, e);
        }
    }
}
