package dev.eventline.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.eventline.domain.Domains;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.readmodel.LedgerProjection;
import dev.eventline.projection.core.ProjectionBatch;
import dev.eventline.projection.runtime.Projections;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.KafkaClients;
import dev.eventline.schemas.topics.TopicProvisioner;
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database a projection writes to goes back in time while the projection runs (it lost its
 * last commits in a crash without synchronous commit, or was restored from a backup): rows, chain
 * heads and offsets back to an earlier state together. The projection notices that PostgreSQL is
 * behind what it committed, reads on from PostgreSQL's offsets, and the read model ends as the
 * fold of every event, none quarantined for a hole that was never in the log.
 */
class DatabaseGoesBackTest {

    private final Infrastructure infrastructure = SharedInfrastructure.get();
    private final String namespace = "back-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aDatabaseThatLostItsLastCommitsIsCaughtUpFromItsOwnOffsets() throws Exception {
        String database = "back_" + UUID.randomUUID().toString().substring(0, 8);
        infrastructure.createDatabase(database);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(infrastructure.jdbcUrl(database));
        dataSource.setUser(infrastructure.jdbcUser());
        dataSource.setPassword(infrastructure.jdbcPassword());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        EventlineTopics topics = new EventlineTopics(namespace, new RestSchemaRegistryClient(RegistryClientConfig.of(infrastructure.schemaRegistryUrl())), true);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
            new TopicProvisioner(admin, 3, (short) 1).ensure(topics.all(List.of(LedgerModule.ACCOUNT, LedgerModule.TRANSFER)));
        }
        List<LedgerHistory.Entry> events = new LedgerHistory(7, "", 12, 30, 0).entries().stream()
                .filter(e -> e.kind().equals(LedgerModule.ACCOUNT)).toList();
        int half = events.size() / 2;
        int most = events.size() * 3 / 4;

        try (KafkaProducer<String, SpecificRecord> producer = producer(topics);
             Projections projections = new Projections(List.of(new LedgerProjection()), dataSource, topics, Domains.discover(),
                     KafkaClients.of(infrastructure.kafkaBootstrapServers()), namespace, 100, Duration.ofMillis(200), Duration.ofSeconds(10))) {
            send(producer, topics, events.subList(0, half));
            awaitVersions(dataSource, half);
            List<String> tables = snapshot(dataSource);
            send(producer, topics, events.subList(half, most));
            awaitVersions(dataSource, most);

            restore(dataSource, tables); // back to the first half, while the projection runs
            send(producer, topics, events.subList(most, events.size()));

            awaitVersions(dataSource, events.size());
            assertThat(quarantined(dataSource)).as("events quarantined").isZero();
        }
    }

    private KafkaProducer<String, SpecificRecord> producer(EventlineTopics topics) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(), "max.in.flight.requests.per.connection", 1),
                new StringSerializer(), topics.events(LedgerModule.ACCOUNT).valueSerde().serializer());
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, EventlineTopics topics, List<LedgerHistory.Entry> entries) {
        for (LedgerHistory.Entry entry : entries) {
            producer.send(new ProducerRecord<>(topics.events(LedgerModule.ACCOUNT).name(), entry.key(), (AccountEvent) entry.value()));
        }
        producer.flush();
    }

    /** Copies of the projection's tables and offsets as they are now; the tables' names. */
    private static List<String> snapshot(DataSource dataSource) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables where table_schema = 'ledger_v1' "
                    + "and table_type = 'BASE TABLE' and table_name <> 'eventline_schema_history' and table_name not like 'flyway%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                s.execute("create table public.snapshot_" + table + " as select * from ledger_v1." + table);
            }
            s.execute("create table public.snapshot_offsets as select * from projection_offsets where projection = 'ledger'");
        }
        return tables;
    }

    private static void restore(DataSource dataSource, List<String> tables) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String table : tables) {
                s.execute("delete from ledger_v1." + table);
                s.execute("insert into ledger_v1." + table + " select * from public.snapshot_" + table);
            }
            s.execute("delete from projection_offsets where projection = 'ledger'");
            s.execute("insert into projection_offsets select * from public.snapshot_offsets");
            c.commit();
        }
    }

    private static long quarantined(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return ProjectionBatch.quarantined(c, new LedgerProjection());
        }
    }

    private static void awaitVersions(DataSource dataSource, long events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select coalesce(sum(version), 0) from ledger_v1.accounts")) {
                rs.next();
                seen = rs.getLong(1);
                if (seen == events) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the read model holds " + seen + " account events, not " + events);
    }
}
