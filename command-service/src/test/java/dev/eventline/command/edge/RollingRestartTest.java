package dev.eventline.command.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import dev.eventline.command.CommandApiClient;
import dev.eventline.command.EventLog;
import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.testkit.Http.Answer;
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A rolling restart under load, as Kubernetes does it: each of two instances in turn gets SIGTERM,
 * exits by itself within the grace period, and comes back on its port and state. The clients act
 * like a load balancer plus a careful caller: a refused connection, a broken exchange or a 503
 * goes to the other instance with the same Idempotency-Key. Every command ends acknowledged, and
 * the log holds each acknowledged command's events exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollingRestartTest {

    private static final int ACCOUNTS = 24;
    private static final Duration GRACE = Duration.ofSeconds(60); // the chart's terminationGracePeriodSeconds

    private final Infrastructure infrastructure = SharedInfrastructure.get();
    private final String namespace = "roll-" + UUID.randomUUID().toString().substring(0, 8);
    private CommandServiceProcesses processes;

    @AfterAll
    void stop() {
        processes.close();
    }

    @Test
    void sigtermOnEachInstanceInTurnLosesNoAcknowledgedCommand() throws Exception {
        DevelopmentKeys keys = DevelopmentKeys.open(Files.createTempDirectory("roll-keys"));
        processes = new CommandServiceProcesses(infrastructure, namespace, keys);
        int[] ports = {CommandServiceProcesses.freePort(), CommandServiceProcesses.freePort()};
        Process[] instances = {processes.start("a", ports[0]), processes.start("b", ports[1])};
        CommandApiClient[] apis = {new CommandApiClient(URI.create("http://localhost:" + ports[0])),
                new CommandApiClient(URI.create("http://localhost:" + ports[1]))};
        CommandServiceProcesses.awaitReady(apis[0], instances[0]);
        CommandServiceProcesses.awaitReady(apis[1], instances[1]);

        String token = keys.issue("roll-client", List.of("commands:write"), Duration.ofHours(1));
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String account = "roll-acc-" + i;
            Answer opened = apis[i % 2].command("account", account, "OpenAccount").token(token).key("open-" + account)
                    .body("{\"currency\":\"EUR\"}").send();
            assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
            accounts.add(account);
        }

        Map<String, Answer> acknowledged = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> retried = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unacknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    String key = "dep-" + thread + "-" + n++;
                    String account = accounts.get(ThreadLocalRandom.current().nextInt(ACCOUNTS));
                    int target = n % 2;
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    boolean done = false;
                    while (!done && System.nanoTime() < deadline) {
                        String failure;
                        try {
                            Answer answer = apis[target].command("account", account, "Deposit").token(token).key(key).body("{\"amount\":1}").send();
                            if (answer.status() / 100 == 2) {
                                acknowledged.put(answer.json().get("commandId").asText(), answer);
                                done = true;
                                continue;
                            }
                            if (answer.status() != 503) {
                                unacknowledged.add(key + ": " + answer);
                                break;
                            }
                            failure = "503 " + (answer.body().contains("\"code\"") ? answer.json().get("code").asText() : answer.body());
                        } catch (RuntimeException e) {
                            failure = e.getCause() instanceof ConnectException ? "connection refused" : "exchange broken: " + e.getCause();
                        }
                        retried.add(failure);
                        target = 1 - target; // the balancer's next instance
                        sleep(50);
                    }
                    if (!done && System.nanoTime() >= deadline) {
                        unacknowledged.add(key + ": no 2xx within 90 s");
                    }
                }
            });
            worker.start();
            load.add(worker);
        }

        sleep(3000);
        List<String> restarts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long before = acknowledged.size();
            long begin = System.nanoTime();
            instances[i].destroy(); // SIGTERM
            assertThat(instances[i].waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)).as("instance %d exits within the grace period", i).isTrue();
            long exitMillis = (System.nanoTime() - begin) / 1_000_000;
            int exitCode = instances[i].exitValue();
            instances[i] = processes.start(i == 0 ? "a" : "b", ports[i]);
            CommandServiceProcesses.awaitReady(apis[i], instances[i]);
            sleep(3000);
            restarts.add(String.format("instance %d: exit %d after %d ms, %d commands acknowledged meanwhile", i,
                    exitCode, exitMillis, acknowledged.size() - before));
        }
        running.set(false);
        for (Thread thread : load) {
            thread.join();
        }
        System.out.printf("rolling restart: %s; %d acknowledged; retried: %s%n", restarts, acknowledged.size(),
                retried.stream().collect(Collectors.groupingBy(f -> f, Collectors.counting())));

        assertThat(unacknowledged).as("every command is acknowledged in the end").isEmpty();
        assertThat(retried.stream().filter(f -> f.startsWith("503")).map(f -> f.substring(4)).distinct())
                .as("a terminating instance refuses with a clear answer").allMatch(code -> code.equals("KAFKA_UNAVAILABLE") || code.equals("SHUTTING_DOWN"));
        EventlineTopics topics = new EventlineTopics(namespace, new RestSchemaRegistryClient(RegistryClientConfig.of(infrastructure.schemaRegistryUrl())), false);
        Map<String, List<EventLog.Entry>> events = EventLog.byCommand(infrastructure.kafkaBootstrapServers(), topics.events("account"),
                acknowledged.keySet(), Duration.ofSeconds(60));
        assertThat(events.keySet()).as("every acknowledged command has its events").containsAll(acknowledged.keySet());
        assertThat(events.values()).as("no command has its events twice").allSatisfy(list -> assertThat(list).hasSize(1));
        assertThat(events.keySet()).as("nothing was applied that nobody acknowledged, but the accounts' openings")
                .hasSize(acknowledged.size() + ACCOUNTS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
