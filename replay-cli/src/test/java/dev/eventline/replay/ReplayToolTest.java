package dev.eventline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventline.devstack.PrivateFiles;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.schemas.chain.HashChain;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.testkit.WriteSide;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * The replay tool against a history the real command service wrote (with its hash chains) and
 * the real projection service archived and projected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private WriteSide platform;
    private String token;

    @BeforeAll
    void writeAHistory() throws Exception {
        platform = WriteSide.startWithQueries("replay", Map.of()).awaitHealthy();
        token = platform.token("alice", "commands:write");
        for (int a = 1; a <= 5; a++) {
            command("account", "acc-" + a, "OpenAccount", "{\"currency\":\"EUR\"}");
            for (int d = 1; d <= 4; d++) {
                command("account", "acc-" + a, "Deposit", "{\"amount\":" + (a * 100 + d) + "}");
                Thread.sleep(5); // distinct instants for state --at
            }
        }
        command("account", "acc-1", "Withdraw", "{\"amount\":50}");
        command("transfer", "t-1", "RequestTransfer", "{\"from\":\"acc-1\",\"to\":\"acc-2\",\"amount\":25}");
        awaitProjected();
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    @Order(1)
    void historyListsEveryEventOfAnAggregateInOrder() throws Exception {
        Run run = replay("history", "account", "acc-2", "--format", "jsonl");
        assertThat(run.exit).as(run.err).isZero();
        List<JsonNode> events = run.jsonLines();
        assertThat(events).extracting(e -> e.get("version").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(events).extracting(e -> e.get("type").asText())
                .containsExactly("AccountOpened", "Deposited", "Deposited", "Deposited", "Deposited", "Deposited");
        assertThat(events.get(1).get("payload").get("amount").asLong()).isEqualTo(201);
        assertThat(events.get(5).get("payload").get("transferId").asText()).isEqualTo("t-1");
        assertThat(events.get(1).get("clientId").asText()).isEqualTo("alice");
        assertThat(events.get(1).get("commandId").asText()).isNotBlank();

        Run table = replay("history", "account", "acc-2");
        assertThat(table.out).contains("AccountOpened").contains("correlationId");
    }

    @Test
    @Order(2)
    void stateAtAnInstantMatchesTheReadModelsHistoryAtThatInstant() throws Exception {
        List<JsonNode> events = replay("history", "account", "acc-3", "--format", "jsonl").jsonLines();
        Instant third = Instant.parse(events.get(2).get("occurredAt").asText());

        Run run = replay("state", "account", "acc-3", "--at", third.toString());

        assertThat(run.exit).as(run.err).isZero();
        JsonNode state = JSON.readTree(run.out);
        assertThat(state.get("version").asLong()).isEqualTo(3);
        try (Connection c = database(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select balance_after from account_transactions where account_id = 'acc-3' and occurred_at <= '"
                     + third + "' order by version desc limit 1")) {
            rs.next();
            assertThat(state.get("state").get("balance").asLong()).isEqualTo(rs.getLong(1)).isEqualTo(301 + 302);
        }
        JsonNode first = JSON.readTree(replay("state", "account", "acc-3", "--version", "1").out);
        assertThat(first.get("state").get("status").asText()).isEqualTo("ACTIVE");
        assertThat(first.get("state").get("balance").asLong()).isZero();
    }

    @Test
    @Order(3)
    void verifyPassesOnAnUntouchedHistory() throws Exception {
        Run run = replay("verify");
        JsonNode report = JSON.readTree(run.out);
        assertThat(run.exit).as(run.out).isZero();
        assertThat(report.get("ok").asBoolean()).isTrue();
        assertThat(report.get("events").asLong()).isEqualTo(archived());
        assertThat(report.get("aggregates").asLong()).isEqualTo(6);
        // The checking threads' CPU, which benchmarks compare: reading and hashing the log costs some.
        assertThat(report.get("cpuSeconds").asDouble()).isPositive();
        assertThat(report.get("cpuMicrosPerEvent").asDouble())
                .isCloseTo(report.get("cpuSeconds").asDouble() * 1e6 / report.get("events").asLong(), org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    @Order(3)
    void aRunOfItsOwnPrintsTheAnswerAloneOnStdout() throws Exception {
        // A JVM of its own, as `./eventline replay verify | jq .` runs it: logging starts from scratch.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReplayCommand.class.getName()));
        command.addAll(arguments("verify"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        assertThat(JSON.readTree(out).get("ok").asBoolean()).as("stdout is one JSON document: " + out).isTrue();
        assertThat(out.strip()).startsWith("{").endsWith("}");
    }

    @Test
    @Order(4)
    void exportsATimeRangeFromTheLogOrTheArchiveToJsonLinesAndParquetThatDuckDbQueries() throws Exception {
        Path dir = Files.createTempDirectory("export");
        String from = Instant.now().minus(Duration.ofHours(1)).toString();
        String to = Instant.now().plus(Duration.ofHours(1)).toString();
        Run jsonl = replay("export", "--from", from, "--to", to, "--out", dir.resolve("events.jsonl").toString());
        assertThat(jsonl.exit).as(jsonl.err).isZero();
        assertThat(jsonl.err).contains("from the log");
        assertThat(Files.readAllLines(dir.resolve("events.jsonl"))).hasSize((int) archived());
        Run archive = replay("export", "--source", "archive", "--from", from, "--to", to, "--out", dir.resolve("archive.jsonl").toString());
        assertThat(archive.exit).as(archive.err).isZero();
        assertThat(normalized(dir.resolve("archive.jsonl"))).as("the archive holds what the log holds")
                .containsExactlyInAnyOrderElementsOf(normalized(dir.resolve("events.jsonl")));
        Run before = replay("export", "--type", "transfer", "--from", "2000-01-01T00:00:00Z", "--to", from, "--out", dir.resolve("none.jsonl").toString());
        assertThat(before.exit).as(before.err).isZero();
        assertThat(Files.readAllLines(dir.resolve("none.jsonl"))).as("nothing occurred before the range").isEmpty();

        Run parquet = replay("export", "--from", from, "--to", to, "--format", "parquet", "--out", dir.resolve("events.parquet").toString());
        assertThat(parquet.exit).as(parquet.err).isZero();
        Run sql = replay("sql", "--export", dir.resolve("events.parquet").toString(),
                "select aggregate_id, count(*) n, max(version) v from events where aggregate_type = 'account' group by 1 order by 1");
        assertThat(sql.exit).as(sql.err).isZero();
        assertThat(sql.out.lines()).containsExactly("aggregate_id\tn\tv", "acc-1\t7\t7", "acc-2\t6\t6", "acc-3\t5\t5", "acc-4\t5\t5", "acc-5\t5\t5");
    }

    /**
     * Each line re-written by one JSON writer with keys sorted: the same object reads the same
     * whichever source wrote it (PostgreSQL's jsonb orders an object's keys its own way).
     */
    private static List<String> normalized(Path file) throws Exception {
        ObjectMapper sorted = new ObjectMapper().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(sorted.writeValueAsString(sorted.readValue(line, Object.class)));
        }
        return lines;
    }

    @Test
    @Order(5)
    void rebuildReplaysIntoNewTablesEqualToTheLiveOnesAndSwitchesWhileTheServiceKeepsWriting() throws Exception {
        Run run = replay("rebuild", "ledger", "--batch", "7");

        assertThat(run.exit).as(run.out + run.err).isZero();
        JsonNode report = JSON.readTree(run.out);
        assertThat(report.get("equalToLive").asBoolean()).isTrue();
        assertThat(report.get("switched").asBoolean()).isTrue();
        assertThat(report.get("events").asLong()).isEqualTo(archived());
        assertThat(report.get("differences").get("accounts").get("rowsOnlyInLive").asLong()).isZero();
        assertThat(report.get("cpuMicrosPerEvent").asDouble()).isPositive();
        try (Connection c = database(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from information_schema.schemata where schema_name like 'ledger_v1_replaced_%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the old tables are kept").isEqualTo(1);
        }

        // The live projector goes on writing into the rebuilt tables.
        command("account", "acc-5", "Deposit", "{\"amount\":1}");
        awaitBalance("acc-5", 501 + 502 + 503 + 504 + 1);
        assertThat(replay("verify", "--type", "account").exit).isZero();
    }

    @Test
    @Order(5)
    void verifyHoldsTheGenericReadModelAgainstTheFoldAndItsForcedRebuildRepairsIt() throws Exception {
        try (Connection c = database(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("update aggregates set state = jsonb_set(state, '{balance}', '999999') "
                    + "where aggregate_type = 'account' and aggregate_id = 'acc-1'")).isEqualTo(1);
        }
        assertThat(genericDifferences(replay("verify", "--type", "account"))).containsExactly("acc-1 READ_MODEL_DIFFERS");

        Run refused = replay("rebuild", "archive");
        assertThat(refused.exit).as("the rebuilt tables differ from the changed live ones").isEqualTo(1);
        Run forced = replay("rebuild", "archive", "--force");
        assertThat(forced.exit).as(forced.out + forced.err).isZero();
        assertThat(JSON.readTree(forced.out).get("switched").asBoolean()).isTrue();

        assertThat(genericDifferences(replay("verify", "--type", "account"))).isEmpty();
    }

    /** The generic read model's differences in a verify report, as "id KIND". */
    private static List<String> genericDifferences(Run run) throws Exception {
        List<String> found = new ArrayList<>();
        JSON.readTree(run.out).get("readModelDifferences").forEach(f -> {
            if (f.get("detail").asText().startsWith("archive:")) {
                found.add(f.get("aggregateId").asText() + " " + f.get("kind").asText());
            }
        });
        return found;
    }

    @Test
    @Order(6)
    void rebuildFindsAReadModelRowChangedByHandAndRepairsItOnlyWhenForced() throws Exception {
        try (Connection c = database(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("update accounts set balance = balance + 1000 where id = 'acc-2'")).isEqualTo(1);
        }
        Run refused = replay("rebuild", "ledger", "--batch", "7");
        assertThat(refused.exit).isEqualTo(1);
        JsonNode report = JSON.readTree(refused.out);
        assertThat(report.get("switched").asBoolean()).isFalse();
        assertThat(report.get("differences").get("accounts").get("rowsOnlyInLive").asLong()).isEqualTo(1);
        assertThat(report.get("differences").get("accounts").get("rowsOnlyInRebuilt").asLong()).isEqualTo(1);

        Run forced = replay("rebuild", "ledger", "--force");
        assertThat(forced.exit).as(forced.out + forced.err).isZero();
        assertThat(JSON.readTree(forced.out).get("events").asLong()).as("resumed, not started over").isLessThan(archived());
        awaitBalance("acc-2", 201 + 202 + 203 + 204 + 25);
    }

    @Test
    @Order(7)
    void aTamperedEventAndADeletedArchiveRowMakeVerifyFailAndNameThem() throws Exception {
        try (Connection c = database(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("delete from event_archive where aggregate_type = 'account' and aggregate_id = 'acc-3' and version = 2")).isEqualTo(1);
        }
        long tamperedOffset = produceTamperedDeposit("acc-4").offset();

        Run run = replay("verify", "--type", "account");

        assertThat(run.exit).isEqualTo(1);
        JsonNode report = JSON.readTree(run.out);
        assertThat(report.get("ok").asBoolean()).isFalse();
        List<String> broken = new ArrayList<>();
        report.get("brokenAggregates").forEach(f -> broken.add(f.get("aggregateId").asText() + "@" + f.get("version").asLong() + " " + f.get("kind").asText()));
        assertThat(broken).contains("acc-3@2 MISSING_FROM_ARCHIVE", "acc-4@6 HASH_MISMATCH");
        report.get("brokenAggregates").forEach(f -> {
            if (f.get("aggregateId").asText().equals("acc-4")) {
                assertThat(f.get("offset").asLong()).isEqualTo(tamperedOffset);
            }
        });
    }

    @Test
    @Order(8)
    void eventsThatDoNotChainAreQuarantinedTheApiServesTheVerifiedStateAndVerifyNamesThemWithoutBlamingReadModels() throws Exception {
        RecordMetadata copy = produceOutOfSequenceCopy("acc-5", 3); // acc-5 is at version 6
        command("account", "acc-6", "OpenAccount", "{\"currency\":\"EUR\"}");
        command("account", "acc-6", "Deposit", "{\"amount\":10}");
        RecordMetadata forged = produceTamperedDeposit("acc-6"); // version 3, a deposit of 1,000,000 under a hash that does not match
        command("account", "acc-5", "Deposit", "{\"amount\":7}");
        command("account", "acc-6", "Deposit", "{\"amount\":7}");

        // The chains go on from their last verified events: the real deposits are versions 7 and 3.
        awaitBalance("acc-5", 501 + 502 + 503 + 504 + 1 + 7);
        awaitBalance("acc-6", 10 + 7);
        String alice = platform.token("alice", "queries:read");
        JsonNode served = JSON.readTree(get(platform.queryService() + "/v1/accounts/acc-6", alice));
        assertThat(served.get("balance").asLong()).isEqualTo(17);
        assertThat(served.get("version").asLong()).isEqualTo(3);
        JsonNode history = JSON.readTree(get(platform.queryService() + "/v1/accounts/acc-6/transactions", alice));
        assertThat(history.toString()).doesNotContain("1000000");

        String atEither = "topic = '" + copy.topic() + "' and ((partition = " + copy.partition() + " and \"offset\" = " + copy.offset()
                + ") or (partition = " + forged.partition() + " and \"offset\" = " + forged.offset() + "))";
        try (Connection c = database(); Statement s = c.createStatement()) {
            assertThat(longs(s, "select count(*) from event_archive where " + atEither)).as("neither is archived").containsExactly(0L);
            List<String> quarantined = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select projection, error from projection_dead_letters where " + atEither + " order by 1, 2")) {
                while (rs.next()) {
                    quarantined.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
            assertThat(quarantined).satisfiesExactly(
                    q -> assertThat(q).startsWith("archive BrokenChainException: account acc-5 v3 VERSION_GAP: version 3 where 7 was due"),
                    q -> assertThat(q).startsWith("archive BrokenChainException: account acc-6 v3 HASH_MISMATCH: stored hash"),
                    q -> assertThat(q).startsWith("ledger BrokenChainException: account acc-5 v3 VERSION_GAP: version 3 where 7 was due"),
                    q -> assertThat(q).startsWith("ledger BrokenChainException: account acc-6 v3 HASH_MISMATCH: stored hash"));
        }
        JsonNode status = JSON.readTree(get(platform.projectionService() + "/v1/projections", platform.token("ops", "admin")));
        status.get("projections").forEach(p -> {
            if (p.get("name").asText().equals("ledger") || p.get("name").asText().equals("archive")) {
                assertThat(p.get("quarantined").asLong()).as(p.toString()).isEqualTo(3); // with acc-4's tampered event
            }
        });
        assertThat(get(platform.projectionService() + "/prometheus", null))
                .contains("eventline_projection_quarantined_events{projection=\"ledger\",version=\"1\"} 3.0");

        Run run = replay("verify", "--type", "account");
        JsonNode report = JSON.readTree(run.out);
        List<String> broken = new ArrayList<>();
        report.get("brokenAggregates").forEach(f -> broken.add(f.get("aggregateId").asText() + "@" + f.get("version").asLong() + " "
                + f.get("kind").asText() + " " + f.get("partition").asInt() + "/" + f.get("offset").asLong()));
        assertThat(broken).contains("acc-5@3 VERSION_GAP " + copy.partition() + "/" + copy.offset(),
                "acc-6@3 HASH_MISMATCH " + forged.partition() + "/" + forged.offset());
        assertThat(report.get("readModelDifferences")).as("read models that are right are not blamed").isEmpty();
    }

    /** An earlier event of the account again, one bit of its amount flipped, written straight to the topic after the others. */
    private RecordMetadata produceOutOfSequenceCopy(String account, long version) throws Exception {
        JsonNode original = replay("history", "account", account, "--format", "jsonl").jsonLines().stream()
                .filter(e -> e.get("version").asLong() == version).findFirst().orElseThrow();
        EventlineTopics topics = topics();
        TopicPartition partition = new TopicPartition(original.get("topic").asText(), original.get("partition").asInt());
        AccountEvent copy;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", platform.infrastructure().kafkaBootstrapServers(),
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, original.get("offset").asLong());
            ConsumerRecord<byte[], byte[]> record = null;
            while (record == null) {
                record = consumer.poll(Duration.ofMillis(500)).records(partition).stream().findFirst().orElse(null);
            }
            copy = (AccountEvent) topics.events("account").valueSerde().deserializer().deserialize(partition.topic(), record.value());
        }
        Deposited deposited = (Deposited) copy.getPayload();
        deposited.setAmount(deposited.getAmount() ^ 1);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                platform.infrastructure().kafkaBootstrapServers()), new StringSerializer(), topics.events("account").valueSerde().serializer())) {
            return producer.send(new ProducerRecord<>(partition.topic(), account, copy)).get();
        }
    }

    private EventlineTopics topics() {
        return new EventlineTopics(platform.namespace(), new RestSchemaRegistryClient(RegistryClientConfig.of(platform.infrastructure().schemaRegistryUrl())),
                false);
    }

    private String get(String uri, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static List<Long> longs(Statement s, String query) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    /** The next event of the account, sealed into its chain and then changed, written straight to the topic. */
    private RecordMetadata produceTamperedDeposit(String account) throws Exception {
        List<JsonNode> events = replay("history", "account", account, "--format", "jsonl").jsonLines();
        JsonNode last = events.get(events.size() - 1);
        byte[] prevHash = java.util.HexFormat.of().parseHex(last.get("hash").asText());
        EventMetadata metadata = EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setAggregateType("account")
                .setAggregateId(account).setVersion(last.get("version").asLong() + 1).setOccurredAt(Instant.now())
                .setCommandId(UUID.randomUUID().toString()).setCorrelationId("tamper").setCausationId("tamper").setClientId("alice")
                .setPrevHash(ByteBuffer.wrap(new byte[32])).setHash(ByteBuffer.wrap(new byte[32])).build();
        AccountEvent event = new AccountEvent(metadata, new Deposited(10L, null));
        HashChain.seal(event, prevHash);
        ((Deposited) event.getPayload()).setAmount(1_000_000L); // changed after it was sealed
        EventlineTopics topics = topics();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                platform.infrastructure().kafkaBootstrapServers()), new StringSerializer(), topics.events("account").valueSerde().serializer())) {
            return producer.send(new ProducerRecord<>(topics.events("account").name(), account, event)).get();
        }
    }

    private void command(String type, String id, String commandType, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(platform.commandService() + "/v1/commands/" + type + "/" + id + "/" + commandType))
                .header("Authorization", "Bearer " + token).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    /** Until the archive holds every event the ledger's read models show, and the transfer is done. */
    private void awaitProjected() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = database(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select (select coalesce(sum(version), 0) from accounts) + (select coalesce(sum(version), 0) from transfers), "
                         + "(select count(*) from event_archive), (select count(*) from transfers where status = 'COMPLETED')")) {
                rs.next();
                if (rs.getLong(1) == rs.getLong(2) && rs.getLong(3) == 1 && rs.getLong(2) == 5 * 5 + 1 + 2 + 4) {
                    return;
                }
            } catch (SQLException e) {
                // not migrated yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the projections did not catch up");
    }

    private void awaitBalance(String account, long balance) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = database(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select balance from accounts where id = '" + account + "'")) {
                rs.next();
                seen = rs.getLong(1);
                if (seen == balance) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        assertThat(seen).as("balance of " + account).isEqualTo(balance);
    }

    private long archived() throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from event_archive")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.infrastructure().jdbcUser(), platform.infrastructure().jdbcPassword());
    }

    private record Run(int exit, String out, String err) {

        List<JsonNode> jsonLines() {
            return out.lines().filter(l -> !l.isBlank()).map(l -> {
                try {
                    return JSON.readTree(l);
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + l, e);
                }
            }).toList();
        }
    }

    private Run replay(String... args) {
        List<String> all = arguments(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** The command with where this test's platform is. */
    private List<String> arguments(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, List.of("--bootstrap-servers", platform.infrastructure().kafkaBootstrapServers(),
                "--registry", platform.infrastructure().schemaRegistryUrl(), "--jdbc-url", platform.jdbcUrl(),
                "--db-user", platform.infrastructure().jdbcUser(), "--db-password-file", PrivateFiles.temporary(platform.infrastructure().jdbcPassword()).toString(),
                "--namespace", platform.namespace()));
        if (args[0].equals("sql")) {
            all = new ArrayList<>(List.of(args)); // reads a file, needs no connection
        }
        return all;
    }
}
