package dev.eventline.bench.chaos;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.eventline.bench.BenchStack;
import dev.eventline.devstack.kafka.BrokerProcess;
import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.devstack.postgres.PostgresServer;
import dev.eventline.devstack.services.Supervision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./eventline chaos}: the platform under faults, then an independent check of what it
 * acknowledged. A fresh stack (as {@code up} runs it, services supervised) takes a mixed load of
 * commands from careful clients while, in turn, each service and the database (and with
 * {@code --broker} the broker) is killed with SIGKILL, each service frozen, the database (and the
 * broker) stopped for a while; afterwards {@link ChaosCheck} holds every answer against the log,
 * the read models and the query API, and {@link OutageProbe} what the APIs answered meanwhile.
 * Exit 0 when nothing was lost, doubled or wrong; 1 with the violations printed otherwise.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Kill, freeze and stop each process in turn under a load of commands, then check nothing acknowledged was lost or applied twice.")
public final class ChaosCommand implements Callable<Integer> {

    /** The services a chaos run does faults to, in turn; then the database and the broker. */
    static final List<String> SERVICES = List.of("command-service", "projection-service", "query-service");

    @Option(names = "--root", defaultValue = ".", description = "repository root holding the built modules (default: ${DEFAULT-VALUE})")
    Path root;

    @Option(names = "--seconds", defaultValue = "120", description = "how long the load and the faults last at least (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--rounds", defaultValue = "1", description = "times each service is killed at least: the run lasts until then (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--fault-every", defaultValue = "20", description = "seconds between a service's recovery and the next kill (default: ${DEFAULT-VALUE})")
    int faultEvery;

    @Option(names = "--accounts", defaultValue = "20", description = "accounts the load moves money among (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--workers", defaultValue = "8", description = "clients sending commands at once, one at a time each (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--faults", split = ",", defaultValue = "KILL,PAUSE,OUTAGE",
            description = "the faults, each done in turn to every process it applies to: KILL (SIGKILL: services, PostgreSQL, the broker), "
                    + "PAUSE (SIGSTOP, then SIGCONT: services), OUTAGE (PostgreSQL, the broker stopped for --outage seconds) (default: ${DEFAULT-VALUE})")
    List<Faults.Kind> kinds;

    @Option(names = "--outage", defaultValue = "30", description = "seconds the database or the broker stays stopped in an outage (default: ${DEFAULT-VALUE})")
    int outage;

    @Option(names = "--pause", defaultValue = "15", description = "seconds a paused service stays frozen: longer than its group sessions (default: ${DEFAULT-VALUE})")
    int pause;

    @Option(names = "--broker", description = "also kill and stop the broker (KILL, OUTAGE); after a kill -9 of the single broker, transactions "
            + "left open on some partitions can stall them (docs/reliability.md), so not by default")
    boolean broker;

    @Option(names = "--test-jvm", description = "start the services with the integration tests' JVM flags (faster to start) instead of production's")
    boolean testJvm;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChaosCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        try (BenchStack stack = BenchStack.start(root.toAbsolutePath().normalize(), testJvm,
                new Supervision.Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30)))) {
            String client = "chaos";
            String token = DevelopmentKeys.open(stack.data().keys()).issue(client, List.of("commands:write", "queries:read"), Duration.ofHours(6));
            ChaosLoad load = new ChaosLoad(stack.commands(), http, client, token, accounts);
            load.openAccounts();
            List<Victim> victims = new ArrayList<>();
            SERVICES.forEach(name -> victims.add(new SupervisedService(stack.service(name))));
            List<OutageProbe> probes = new ArrayList<>(List.of(OutageProbe.reads(http, stack.queries(), token, load.account(0))));
            PostgresServer postgres = stack.postgres();
            victims.add(new OrchestratedServer("postgres", postgres::pid,
                    new OrchestratedServer.Lifecycle(postgres::start, postgres::close, postgres::startAfterCrash), probes.get(0)));
            if (broker) {
                probes.add(OutageProbe.commands(http, stack.commands(), token));
                BrokerProcess kafka = stack.broker();
                // Started after a crash as after a stop: a new process on the same log directory.
                victims.add(new OrchestratedServer("kafka", kafka::pid, new OrchestratedServer.Lifecycle(kafka::start, kafka::close, kafka::start),
                        probes.get(1)));
            }
            System.out.printf("[chaos] %d accounts open; %d workers for %d s and %d round(s) of faults, one every %d s: %s, each to %s in turn%n",
                    accounts, workers, seconds, rounds, faultEvery, kinds, victims.stream().map(Victim::name).collect(Collectors.joining(", ")));
            List<Faults.Fault> faults;
            long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            try (Faults running = new Faults(victims, kinds, Duration.ofSeconds(faultEvery), Duration.ofSeconds(pause), Duration.ofSeconds(outage))
                    .start()) {
                load.run(() -> System.nanoTime() < until || running.rounds() < rounds, workers, Duration.ofMinutes(2));
                running.close();
                faults = running.faults();
            }
            ChaosCheck.Outcome checked = ChaosCheck.run(stack.environment(), BenchStack.NAMESPACE, load.sent(), stack.queries(), token, http);
            List<String> violations = new ArrayList<>(checked.violations());
            probes.forEach(probe -> violations.addAll(probe.violations()));
            ChaosCheck.Outcome outcome = new ChaosCheck.Outcome(violations, checked.figures());
            System.out.print(report(faults, outcome, load.retries(), probes.stream().map(OutageProbe::summary).collect(Collectors.joining("\n"))));
            return outcome.ok() ? 0 : 1;
        }
    }

    static String report(List<Faults.Fault> faults, ChaosCheck.Outcome outcome, long retries, String outages) {
        StringBuilder out = new StringBuilder("\n| fault | times | serving again | recovery p50 s | recovery max s |\n|---|---:|---:|---:|---:|\n");
        Map<String, List<Faults.Fault>> byFault = faults.stream().collect(Collectors.groupingBy(f -> f.kind().label + " " + f.victim(),
                java.util.LinkedHashMap::new, Collectors.toList()));
        byFault.forEach((fault, times) -> {
            List<Duration> back = new ArrayList<>(times.stream().map(Faults.Fault::recovery).filter(java.util.Objects::nonNull).toList());
            back.sort(Comparator.naturalOrder());
            out.append(String.format("| %s | %d | %d | %s | %s |%n", fault, times.size(), back.size(),
                    back.isEmpty() ? "-" : seconds(back.get((back.size() - 1) / 2)), back.isEmpty() ? "-" : seconds(back.get(back.size() - 1))));
        });
        out.append("\n").append(outcome.figures()).append(", retries ").append(retries).append('\n').append(outages).append('\n');
        out.append(outcome.ok() ? "OK: nothing acknowledged lost, nothing applied twice, money conserved, verify ok\n"
                : "VIOLATIONS:\n  " + String.join("\n  ", outcome.violations()) + "\n");
        return out.toString();
    }

    private static String seconds(Duration d) {
        return String.format("%.1f", d.toMillis() / 1000.0);
    }
}
