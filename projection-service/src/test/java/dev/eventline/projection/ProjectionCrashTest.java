package dev.eventline.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.eventline.domain.Domains;
import dev.eventline.ledger.AccountState;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.TransferState;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.DeadLetter;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.Topic;
import dev.eventline.schemas.topics.TopicProvisioner;
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The projection service as a process, killed with SIGKILL at random points while it projects a
 * known history, and started again each time: afterwards every read model equals the fold of the
 * events, with nothing doubled (counters included) and nothing missing.
 */
class ProjectionCrashTest {

    private final Infrastructure infrastructure = SharedInfrastructure.get();
    private final String namespace = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    private final String database = "crash_" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> processes = new ArrayList<>();
    private EventlineTopics topics;

    @BeforeEach
    void provision() {
        infrastructure.createDatabase(database);
        topics = new EventlineTopics(namespace, new RestSchemaRegistryClient(RegistryClientConfig.of(infrastructure.schemaRegistryUrl())), true);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
            new TopicProvisioner(admin, 3, (short) 1).ensure(topics.all(Domains.discover().all().stream().map(t -> t.name()).toList()));
        }
    }

    @AfterEach
    void stop() {
        processes.forEach(p -> p.toHandle().destroyForcibly());
    }

    @Test
    void killedAtRandomAndRestartedTheReadModelsEqualTheFoldOfTheEvents() throws Exception {
        LedgerHistory history = new LedgerHistory(42, "", 300, 60, 200);
        Thread producer = new Thread(() -> produce(history.entries(), 4));
        producer.start();
        Random random = new Random(7);
        Process projector = start();
        for (int kill = 0; kill < 3; kill++) {
            awaitProgress(appliedEvents() + 2000, projector);
            Thread.sleep(random.nextInt(1500));
            projector.toHandle().destroyForcibly(); // SIGKILL mid-batch, mid-transaction or between
            projector.waitFor();
            projector = start();
        }
        producer.join();
        Map<String, Long> caughtUp = awaitEveryProjectionAtTheEnd(Duration.ofSeconds(180));
        System.out.printf("projected %d events of %d after 3 kills; offsets %s%n", archived(), history.events(), caughtUp);

        assertThat(archived()).isEqualTo(history.events());
        try (Connection c = connect(); Statement s = c.createStatement()) {
            Map<String, AccountState> accounts = new HashMap<>();
            Map<String, Long> versions = new HashMap<>();
            try (ResultSet rs = s.executeQuery("select id, owner, currency, balance, status, version from accounts")) {
                while (rs.next()) {
                    accounts.put(rs.getString(1), new AccountState(AccountState.Status.valueOf(rs.getString(5)), rs.getString(2),
                            rs.getString(3), rs.getLong(4)));
                    versions.put(rs.getString(1), rs.getLong(6));
                }
            }
            assertThat(accounts).isEqualTo(history.accounts());
            assertThat(versions).isEqualTo(history.accountVersions());
            assertThat(counts(s, "select account_id, count(*) from account_transactions group by account_id")).isEqualTo(history.moneyEvents());

            Map<String, TransferState> transfers = new HashMap<>();
            try (ResultSet rs = s.executeQuery("select id, from_account, to_account, amount, currency, status, requested_by, failure_code, "
                    + "failure_reason from transfers")) {
                while (rs.next()) {
                    transfers.put(rs.getString(1), new TransferState(TransferState.Status.valueOf(rs.getString(6)), rs.getString(2),
                            rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(7), rs.getString(8), rs.getString(9)));
                }
            }
            assertThat(transfers).isEqualTo(history.transfers());
            assertThat(single(s, "select count(*) from transfer_steps")).isEqualTo(history.transfers().size() * 4L);

            assertThat(single(s, "select count(*) from command_outcomes")).isEqualTo(history.commands());
            assertThat(single(s, "select count(*) from command_outcomes where status <> 'ACCEPTED'")).isZero();
            assertThat(counts(s, "select client_id, accepted from client_command_stats")).as("counters: nothing counted twice")
                    .isEqualTo(history.acceptedByClient());
            assertThat(counts(s, "select client_id, rate_limited from client_command_stats where rate_limited > 0"))
                    .isEqualTo(history.rateLimitedByClient());
            assertThat(single(s, "select count(*) from (select aggregate_type, aggregate_id, max(version) m, count(*) n from event_archive "
                    + "group by 1, 2) a where m <> n")).as("no version missing in the archive").isZero();
        }
    }

    @Test
    void aPoisonRecordGoesToTheDeadLettersAndTheFollowingEventsAreProjected() throws Exception {
        LedgerHistory history = new LedgerHistory(3, "p-", 1, 5, 0);
        List<LedgerHistory.Entry> accountEvents = history.entries().stream().filter(e -> e.kind().equals(LedgerModule.ACCOUNT)).toList();
        produce(accountEvents.subList(0, 3), 1);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(), "max.in.flight.requests.per.connection", 1),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topics.events(LedgerModule.ACCOUNT).name(), "p-acc-0", "not avro".getBytes())).get();
        }
        produce(accountEvents.subList(3, accountEvents.size()), 1);
        start();

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (archived() < accountEvents.size() && System.nanoTime() < deadline) {
            Thread.sleep(300);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(single(s, "select version from accounts where id = 'p-acc-0'")).isEqualTo(accountEvents.size());
            assertThat(single(s, "select count(*) from projection_dead_letters where projection = 'ledger'")).isEqualTo(1);
        }
        Topic<String, DeadLetter> deadLetters = topics.deadLetters();
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                "group.id", namespace + "-check", "auto.offset.reset", "earliest"), new StringDeserializer(), deadLetters.valueSerde().deserializer())) {
            consumer.subscribe(List.of(deadLetters.name()));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (letters.size() < 2 && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> letters.add(r.value()));
            }
        }
        // Both the ledger and the archive read the topic, and each gives up on the record once.
        assertThat(letters).extracting(DeadLetter::getStage).containsExactlyInAnyOrder("projection:ledger_v1", "projection:archive_v2");
        assertThat(letters).allSatisfy(letter -> assertThat(letter.getSourceOffset()).isEqualTo(3));
    }

    private void produce(List<LedgerHistory.Entry> entries, int pauseEvery) {
        Map<String, Topic<String, SpecificRecord>> byKind = Map.of(LedgerModule.ACCOUNT, topics.events(LedgerModule.ACCOUNT),
                LedgerModule.TRANSFER, topics.events(LedgerModule.TRANSFER));
        try (KafkaProducer<String, SpecificRecord> account = new KafkaProducer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(), "max.in.flight.requests.per.connection", 1,
                "linger.ms", 5), new StringSerializer(), topics.events(LedgerModule.ACCOUNT).valueSerde().serializer());
             KafkaProducer<String, CommandResult> results = new KafkaProducer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(), "max.in.flight.requests.per.connection", 1,
                     "linger.ms", 5), new StringSerializer(), topics.results().valueSerde().serializer())) {
            int n = 0;
            for (LedgerHistory.Entry entry : entries) {
                if (entry.kind().equals("results")) {
                    results.send(new ProducerRecord<>(topics.results().name(), entry.key(), (CommandResult) entry.value()));
                } else {
                    account.send(new ProducerRecord<>(byKind.get(entry.kind()).name(), entry.key(), entry.value()));
                }
                if (++n % 2000 == 0 && pauseEvery > 1) {
                    Thread.sleep(pauseEvery * 50L); // spread the history over the kills
                }
            }
            account.flush();
            results.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process start() throws IOException {
        Path logs = Files.createTempDirectory("projector");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        Map<String, String> properties = new HashMap<>(ProjectionServiceProperties.of(infrastructure, namespace, database));
        properties.put("micronaut.server.port", String.valueOf(freePort()));
        properties.put("eventline.projection.max-batch", "300"); // many transactions to land a kill in
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.eventline.projection.Application"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logs.resolve("service.log").toFile()).start();
        processes.add(process);
        return process;
    }

    private void awaitProgress(long events, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (appliedEvents() < events && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /**
     * Waits until each projection's committed offsets reach the end of the topics it reads (the
     * ledger and the archive read both event topics, the outcomes the results topic), and returns
     * the committed sums.
     */
    private Map<String, Long> awaitEveryProjectionAtTheEnd(Duration patience) throws Exception {
        long events;
        long results;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            events = endOffsets(consumer, topics.events(LedgerModule.ACCOUNT).name()) + endOffsets(consumer, topics.events(LedgerModule.TRANSFER).name());
            results = endOffsets(consumer, topics.results().name());
        }
        Map<String, Long> expected = Map.of("ledger", events, "archive", events, "outcomes", results);
        Map<String, Long> committed = Map.of();
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                committed = counts(s, "select projection, sum(next_offset) from projection_offsets group by projection");
            }
            if (committed.equals(expected)) {
                return committed;
            }
            Thread.sleep(300);
        }
        assertThat(committed).as("offsets committed by each projection").isEqualTo(expected);
        return committed;
    }

    private static long endOffsets(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Offsets the archive projection has committed, summed over partitions. */
    private long appliedEvents() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            return single(s, "select coalesce(sum(next_offset), 0) from projection_offsets where projection = 'archive'");
        } catch (SQLException e) {
            return 0; // not migrated yet
        }
    }

    private long archived() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            return single(s, "select count(*) from event_archive");
        } catch (SQLException e) {
            return 0;
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(infrastructure.jdbcUrl(database), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Long> counts(Statement s, String sql) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
