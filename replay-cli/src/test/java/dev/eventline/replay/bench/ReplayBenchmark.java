package dev.eventline.replay.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
import dev.eventline.ledger.account.AccountOpened;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.replay.ReplayCommand;
import dev.eventline.replay.source.WorkCpu;
import dev.eventline.schemas.chain.HashChain;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.testkit.WriteSide;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;

/**
 * {@code verify} and {@code rebuild ledger} on a log of N account events (sealed hash chains,
 * archived and projected by the real projection service), against a plain consumer reading the
 * same topic, measured in the same run.
 *
 * <pre>./mvnw -pl replay-cli test-compile exec:java@replay-benchmark [-Dbench.events=1000000 -Dbench.eventsPerAccount=100]</pre>
 */
public final class ReplayBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        try {
            measure();
        } finally {
            System.exit(0);
        }
    }

    private static void measure() throws Exception {
        int events = Integer.getInteger("bench.events", 1_000_000);
        int perAccount = Integer.getInteger("bench.eventsPerAccount", 100);
        try (WriteSide platform = WriteSide.start("replay-bench", Map.of()).awaitHealthy()) {
            EventlineTopics topics = new EventlineTopics(platform.namespace(),
                    new RestSchemaRegistryClient(RegistryClientConfig.of(platform.infrastructure().schemaRegistryUrl())), true);
            String topic = topics.events("account").name();
            long produceStart = System.nanoTime();
            produce(platform, topics, events, perAccount);
            System.out.printf("produced %,d sealed events in %.1f s%n", events, (System.nanoTime() - produceStart) / 1e9);
            long projectStart = System.nanoTime();
            awaitProjected(platform, events);
            System.out.printf("archived and projected by the projection service in %.1f s%n", (System.nanoTime() - projectStart) / 1e9);

            PlainRead plain = plainRead(platform, topic, events);
            JsonNode verify = JSON.readTree(replay(platform, "verify", "--type", "account"));
            JsonNode rebuild = JSON.readTree(replay(platform, "rebuild", "ledger"));
            double verifyRate = verify.get("eventsPerSecond").asDouble();
            double rebuildRate = rebuild.get("eventsPerSecond").asDouble();
            // CPU per event of the reading threads: steadier than rates when the machine is shared.
            double verifyCpu = verify.get("cpuMicrosPerEvent").asDouble();
            double rebuildCpu = rebuild.get("cpuMicrosPerEvent").asDouble();
            System.out.printf("%n%-32s %12s %8s %14s %8s%n", "on " + String.format("%,d", events) + " events", "events/s", "x plain", "CPU us/event", "x plain");
            System.out.printf("%-32s %,12.0f %8.2f %14.2f %8.2f%n", "plain consumer (bytes)", plain.rate(), 1.0, plain.cpuMicrosPerEvent(), 1.0);
            System.out.printf("%-32s %,12.0f %8.2f %14.2f %8.1f   ok=%s%n", "verify (chains, archive, fold)", verifyRate, verifyRate / plain.rate(),
                    verifyCpu, verifyCpu / plain.cpuMicrosPerEvent(), verify.get("ok"));
            System.out.printf("%-32s %,12.0f %8.2f %14.2f %8.1f   equal=%s switched=%s%n", "rebuild ledger (client side)", rebuildRate, rebuildRate / plain.rate(),
                    rebuildCpu, rebuildCpu / plain.cpuMicrosPerEvent(), rebuild.get("equalToLive"), rebuild.get("switched"));
        }
    }

    private static void produce(WriteSide platform, EventlineTopics topics, int events, int perAccount) throws Exception {
        String topic = topics.events("account").name();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of("bootstrap.servers", platform.infrastructure().kafkaBootstrapServers(),
                "linger.ms", 20, "batch.size", 262_144, "enable.idempotence", true), new StringSerializer(), topics.events("account").valueSerde().serializer())) {
            int accounts = events / perAccount;
            Instant start = Instant.now().minus(Duration.ofDays(30));
            for (int a = 0; a < accounts; a++) {
                String id = "bench-" + a;
                byte[] prev = HashChain.genesis();
                for (int v = 1; v <= perAccount; v++) {
                    SpecificRecord payload = v == 1 ? new AccountOpened("owner-" + (a % 100), "EUR") : new Deposited((long) v, null);
                    EventMetadata metadata = EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setAggregateType("account")
                            .setAggregateId(id).setVersion(v).setOccurredAt(start.plusMillis((long) a * perAccount + v)).setCommandId("c-" + a + "-" + v)
                            .setCorrelationId("bench").setCausationId("bench").setClientId("owner-" + (a % 100))
                            .setPrevHash(ByteBuffer.wrap(new byte[32])).setHash(ByteBuffer.wrap(new byte[32])).build();
                    AccountEvent event = new AccountEvent(metadata, payload);
                    prev = HashChain.seal(event, prev);
                    producer.send(new ProducerRecord<>(topic, id, event));
                }
            }
            producer.flush();
        }
    }

    private static void awaitProjected(WriteSide platform, long events) throws Exception {
        // At least 5,000 events/s: 20 minutes for up to 6 million, longer beyond.
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(1200, events / 5_000)).toNanos();
        try (Connection c = DriverManager.getConnection(platform.jdbcUrl(), platform.infrastructure().jdbcUser(), platform.infrastructure().jdbcPassword())) {
            while (System.nanoTime() < deadline) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select coalesce(sum(next_offset) filter (where projection = 'archive'), 0), "
                        + "coalesce(sum(next_offset) filter (where projection = 'ledger' and topic like '%.events.account'), 0) from projection_offsets")) {
                    rs.next();
                    if (rs.getLong(1) >= events && rs.getLong(2) >= events) {
                        return;
                    }
                } catch (java.sql.SQLException e) {
                    // not migrated yet
                }
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("the projection service did not catch up");
    }

    record PlainRead(double rate, double cpuMicrosPerEvent) {
    }

    /** Every record of the topic with a plain byte consumer, as fast as it reads. */
    private static PlainRead plainRead(WriteSide platform, String topic, long events) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", platform.infrastructure().kafkaBootstrapServers(),
                "isolation.level", "read_committed", "max.poll.records", 5000, "fetch.max.bytes", 64 * 1024 * 1024,
                "max.partition.fetch.bytes", 16 * 1024 * 1024), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long started = System.nanoTime();
            long cpuAtStart = WorkCpu.now();
            long read = 0;
            long bytes = 0;
            while (read < events) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (var record : records) {
                    bytes += record.value().length;
                    read++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("plain consumer: %,d records, %,d bytes in %.2f s%n", read, bytes, seconds);
            return new PlainRead(read / seconds, WorkCpu.since(cpuAtStart).microsPerEvent(read));
        }
    }

    private static String replay(WriteSide platform, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, List.of("--bootstrap-servers", platform.infrastructure().kafkaBootstrapServers(),
                "--registry", platform.infrastructure().schemaRegistryUrl(), "--jdbc-url", platform.jdbcUrl(),
                "--db-user", platform.infrastructure().jdbcUser(), "--db-password-file", PrivateFiles.temporary(platform.infrastructure().jdbcPassword()).toString(),
                "--namespace", platform.namespace()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int exit = new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
        System.out.printf("replay %s: exit %d in %.1f s%n", args[0], exit, (System.nanoTime() - started) / 1e9);
        if (exit != 0) {
            System.out.println(out);
            System.out.println(err);
        }
        return out.toString();
    }
}
