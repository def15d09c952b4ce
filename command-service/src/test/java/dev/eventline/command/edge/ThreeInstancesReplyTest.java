package dev.eventline.command.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.eventline.command.CommandApiClient;
import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.testkit.Http.Answer;
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three command-service processes, each reading its own partition of the results: an instance
 * reads the outcomes of the commands it was sent, whichever instance decided them, and no one
 * else's. The reply cost of N instances is the total, not N times the total.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeInstancesReplyTest {

    private static final int INSTANCES = 3;
    private static final int ACCOUNTS = 12;
    private static final int DEPOSITS = 4;

    private final Infrastructure infrastructure = SharedInfrastructure.get();
    private final String namespace = "three-" + UUID.randomUUID().toString().substring(0, 8);
    private CommandServiceProcesses processes;

    @AfterAll
    void stop() {
        processes.close();
    }

    @Test
    void eachInstanceReadsTheOutcomesOfItsOwnCommandsAndNoOneElses() throws Exception {
        DevelopmentKeys keys = DevelopmentKeys.open(Files.createTempDirectory("three-keys"));
        processes = new CommandServiceProcesses(infrastructure, namespace, keys);
        List<CommandApiClient> apis = new ArrayList<>();
        List<Process> started = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            int port = CommandServiceProcesses.freePort();
            started.add(processes.start("r" + i, port, "eventline.edge.reply-partition=" + i));
            apis.add(new CommandApiClient(URI.create("http://localhost:" + port)));
        }
        for (int i = 0; i < INSTANCES; i++) {
            CommandServiceProcesses.awaitReady(apis.get(i), started.get(i));
        }
        String token = keys.issue("three-client", List.of("commands:write"), Duration.ofHours(1));

        long[] answered = new long[INSTANCES];
        for (int a = 0; a < ACCOUNTS; a++) {
            String account = "three-acc-" + a;
            // Every instance is sent commands for every account, so most are decided elsewhere.
            for (int n = 0; n <= DEPOSITS; n++) {
                int instance = (a + n) % INSTANCES;
                Answer answer = n == 0
                        ? apis.get(instance).command("account", account, "OpenAccount").token(token).key("open-" + account)
                                .body("{\"currency\":\"EUR\"}").send()
                        : apis.get(instance).command("account", account, "Deposit").token(token).key("dep-" + account + "-" + n)
                                .body("{\"amount\":1}").send();
                assertThat(answer.status()).as(answer.toString()).isIn(200, 201);
                answered[instance]++;
            }
        }

        long readByAll = 0;
        for (int i = 0; i < INSTANCES; i++) {
            String scrape = apis.get(i).path("/prometheus").method("GET").send().body();
            long read = counter(scrape, "eventline_replies_read_total");
            long delivered = counter(scrape, "eventline_replies_delivered_total");
            System.out.printf("instance %d: answered %d, read %d outcomes, delivered %d%n", i, answered[i], read, delivered);
            assertThat(delivered).as("instance %d delivered the outcome of each command it answered", i).isEqualTo(answered[i]);
            assertThat(read).as("instance %d read only outcomes addressed to it", i).isEqualTo(answered[i]);
            readByAll += read;
        }
        assertThat(readByAll).as("outcomes read by all instances together").isEqualTo((long) ACCOUNTS * (DEPOSITS + 1));
    }

    private static long counter(String scrape, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
        assertThat(matcher.find()).as(name + " in the scrape").isTrue();
        return (long) Double.parseDouble(matcher.group(2));
    }
}
