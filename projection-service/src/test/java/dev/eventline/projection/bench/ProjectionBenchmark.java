package dev.eventline.projection.bench;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventline.domain.Domains;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.AccountOpened;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Withdrawn;
import dev.eventline.ledger.readmodel.LedgerProjection;
import dev.eventline.projection.archive.EventArchiveProjection;
import dev.eventline.projection.core.Projection;
import dev.eventline.projection.runtime.ProjectionProgress;
import dev.eventline.projection.runtime.Projections;
import dev.eventline.schemas.chain.HashChain;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.KafkaClients;
import dev.eventline.schemas.topics.TopicProvisioner;
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;

/**
 * Catch-up rate of the PostgreSQL projections over a long log, against plain batched JDBC upserts of
 * the same rows in the same run, and the steady-state delay from append to read model at a stated
 * load.
 *
 * <pre>./mvnw -pl projection-service test-compile exec:java@projection-benchmark [-Dbench.events=1000000 -Dbench.rate=1000 -Dbench.seconds=30]</pre>
 */
public final class ProjectionBenchmark {

    private static final int ACCOUNTS = 10_000;
    private static final int BATCH = 2000;

    private ProjectionBenchmark() {
    }

    /** The n-th event of the generated history: account n % ACCOUNTS, its (n / ACCOUNTS + 1)-th event. */
    record Row(String account, long version, String kind, long amount, long balance, Instant at) {
        static Row of(long n) {
            String account = "acc-" + (n % ACCOUNTS);
            long version = n / ACCOUNTS + 1;
            Instant at = Instant.ofEpochMilli(1_700_000_000_000L + n);
            if (version == 1) {
                return new Row(account, 1, "OPEN", 0, 0, at);
            }
            // deposits of 100 and withdrawals of 50 alternate: the balance never goes below zero
            boolean deposit = version % 2 == 0;
            long deposits = version / 2;
            long withdrawals = (version - 1) / 2;
            return new Row(account, version, deposit ? "DEPOSIT" : "WITHDRAWAL", deposit ? 100 : 50, deposits * 100 - withdrawals * 50, at);
        }

        SpecificRecord payload() {
            return switch (kind) {
                case "OPEN" -> new AccountOpened("bench", "EUR");
                case "DEPOSIT" -> new Deposited(amount, null);
                default -> new Withdrawn(amount, null);
            };
        }
    }

    public static void main(String[] args) throws Exception {
        long events = Long.getLong("bench.events", 1_000_000);
        int rate = Integer.getInteger("bench.rate", 1000);
        int seconds = Integer.getInteger("bench.seconds", 30);
        Infrastructure infrastructure = SharedInfrastructure.get();
        String namespace = "pbench-" + UUID.randomUUID().toString().substring(0, 8);
        String database = "pbench_" + UUID.randomUUID().toString().substring(0, 8);
        infrastructure.createDatabase(database);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(infrastructure.jdbcUrl(database));
        pool.setUsername(infrastructure.jdbcUser());
        pool.setPassword(infrastructure.jdbcPassword());
        pool.setMaximumPoolSize(8);
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            EventlineTopics topics = new EventlineTopics(namespace, new RestSchemaRegistryClient(RegistryClientConfig.of(infrastructure.schemaRegistryUrl())), true);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
                new TopicProvisioner(admin, 12, (short) 1).ensure(topics.all(List.of(LedgerModule.ACCOUNT, LedgerModule.TRANSFER)));
            }
            long begin = System.nanoTime();
            produce(infrastructure, topics, 0, events, 0);
            System.out.printf("produced %,d events in %.1f s%n", events, seconds(begin));

            double baseline = plainUpserts(dataSource, events);
            System.out.printf("plain batched JDBC upserts: %,.0f events/s%n", baseline);
            double ledger = catchUp(new LedgerProjection(), dataSource, topics, infrastructure, namespace, events);
            System.out.printf("ledger projection catch-up: %,.0f events/s (%.2fx the plain upserts)%n", ledger, ledger / baseline);
            double archive = catchUp(new EventArchiveProjection(), dataSource, topics, infrastructure, namespace, events);
            System.out.printf("event archive catch-up: %,.0f events/s (%.2fx the plain upserts)%n", archive, archive / baseline);

            try (Projections running = new Projections(List.of(new LedgerProjection()), dataSource, topics, Domains.discover(),
                    KafkaClients.of(infrastructure.kafkaBootstrapServers()), namespace, BATCH, Duration.ofSeconds(2), Duration.ofSeconds(10))) {
                ProjectionProgress progress = running.progress().get(0);
                awaitApplied(dataSource, "ledger", events);
                progress.takeDelays();
                produce(infrastructure, topics, events, (long) rate * seconds, rate);
                awaitApplied(dataSource, "ledger", events + (long) rate * seconds);
                Histogram delays = progress.takeDelays();
                System.out.printf("steady state at %d events/s for %d s: append-to-read-model delay p50 %d ms, p99 %d ms, max %d ms (%d events)%n",
                        rate, seconds, delays.getValueAtPercentile(50), delays.getValueAtPercentile(99), delays.getMaxValue(), delays.getTotalCount());
            }
        } finally {
            infrastructure.close();
        }
        System.exit(0);
    }

    /** Each account's last hash, across the produce calls of a run. */
    private static final Map<String, byte[]> LAST_HASH = new java.util.HashMap<>();

    private static void produce(Infrastructure infrastructure, EventlineTopics topics, long from, long count, int ratePerSecond) {
        String topic = topics.events(LedgerModule.ACCOUNT).name();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                "linger.ms", ratePerSecond > 0 ? 1 : 20, "batch.size", 262_144, "compression.type", "lz4"),
                new StringSerializer(), topics.events(LedgerModule.ACCOUNT).valueSerde().serializer())) {
            long start = System.nanoTime();
            for (long n = from; n < from + count; n++) {
                if (ratePerSecond > 0) {
                    long due = start + (n - from) * TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                Row row = Row.of(n);
                EventMetadata metadata = EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setAggregateType(LedgerModule.ACCOUNT)
                        .setAggregateId(row.account()).setVersion(row.version()).setOccurredAt(row.at()).setCommandId("c-" + n)
                        .setCorrelationId("c-" + n).setCausationId("c-" + n).setClientId("bench")
                        .setPrevHash(ByteBuffer.wrap(new byte[32])).setHash(ByteBuffer.wrap(new byte[32])).build();
                AccountEvent event = new AccountEvent(metadata, row.payload());
                // Sealed into the account's chain, as the decide stage seals events: the projections apply only those.
                LAST_HASH.put(row.account(), HashChain.seal(event, LAST_HASH.getOrDefault(row.account(), HashChain.genesis())));
                producer.send(new ProducerRecord<>(topic, row.account(), event));
            }
        }
    }

    /** The rows the ledger projection writes, one upsert per event, batched and committed per 2,000 events. */
    private static double plainUpserts(HikariDataSource dataSource, long events) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement ddl = c.createStatement()) {
            ddl.execute("create schema baseline");
            ddl.execute("create table baseline.accounts (id text primary key, owner text not null, currency text not null, balance bigint not null, "
                    + "status text not null, version bigint not null, opened_at timestamptz not null, updated_at timestamptz not null)");
            ddl.execute("create table baseline.account_transactions (account_id text not null, version bigint not null, event_id uuid not null, "
                    + "kind text not null, amount bigint not null, balance_after bigint not null, transfer_id text, command_id text not null, "
                    + "occurred_at timestamptz not null, primary key (account_id, version))");
        }
        long begin = System.nanoTime();
        try (Connection c = dataSource.getConnection();
             PreparedStatement upsert = c.prepareStatement("insert into baseline.accounts values (?, 'bench', 'EUR', ?, 'ACTIVE', ?, ?, ?) "
                     + "on conflict (id) do update set balance = excluded.balance, version = excluded.version, updated_at = excluded.updated_at "
                     + "where accounts.version < excluded.version");
             PreparedStatement movement = c.prepareStatement("insert into baseline.account_transactions values (?, ?, ?, ?, ?, ?, null, ?, ?) "
                     + "on conflict do nothing")) {
            c.setAutoCommit(false);
            for (long n = 0; n < events; n++) {
                Row row = Row.of(n);
                Timestamp at = Timestamp.from(row.at());
                upsert.setString(1, row.account());
                upsert.setLong(2, row.balance());
                upsert.setLong(3, row.version());
                upsert.setTimestamp(4, at);
                upsert.setTimestamp(5, at);
                upsert.addBatch();
                if (!row.kind().equals("OPEN")) {
                    movement.setString(1, row.account());
                    movement.setLong(2, row.version());
                    movement.setObject(3, UUID.randomUUID());
                    movement.setString(4, row.kind());
                    movement.setLong(5, row.amount());
                    movement.setLong(6, row.balance());
                    movement.setString(7, "c-" + n);
                    movement.setTimestamp(8, at);
                    movement.addBatch();
                }
                if ((n + 1) % BATCH == 0 || n == events - 1) {
                    upsert.executeBatch();
                    movement.executeBatch();
                    c.commit();
                }
            }
        }
        return events / seconds(begin);
    }

    private static double catchUp(Projection projection, HikariDataSource dataSource, EventlineTopics topics, Infrastructure infrastructure,
                                  String namespace, long events) throws Exception {
        long begin = System.nanoTime();
        try (Projections running = new Projections(List.of(projection), dataSource, topics, Domains.discover(),
                KafkaClients.of(infrastructure.kafkaBootstrapServers()), namespace, BATCH, Duration.ofSeconds(2), Duration.ofSeconds(10))) {
            awaitApplied(dataSource, projection.name(), events);
            return events / seconds(begin);
        }
    }

    /** Waits until the projection's committed offsets cover the events (one record per offset: no transactions here). */
    private static void awaitApplied(HikariDataSource dataSource, String projection, long events) throws Exception {
        while (true) {
            try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(
                    "select coalesce(sum(next_offset), 0) from projection_offsets where projection = ? and topic like '%.events.account'")) {
                select.setString(1, projection);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= events) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
    }

    private static double seconds(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }
}
