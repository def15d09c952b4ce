package dev.eventline.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import dev.eventline.domain.Domains;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.readmodel.LedgerProjection;
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
 * A new read-model version builds from offset zero into its own schema while the public views keep
 * showing the old one, and takes over atomically once it has caught up.
 */
class ReadModelVersionTest {

    private final Infrastructure infrastructure = SharedInfrastructure.get();
    private final String namespace = "ver-" + UUID.randomUUID().toString().substring(0, 8);

    /** The ledger projection as its next version would ship: same tables, rebuilt from the log. */
    static final class LedgerV2 extends LedgerProjection {
        @Override
        public int version() {
            return 2;
        }
    }

    @Test
    void aNewVersionBuildsBesideTheActiveOneAndTakesOverOnceCaughtUp() throws Exception {
        String database = "ver_" + UUID.randomUUID().toString().substring(0, 8);
        infrastructure.createDatabase(database);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(infrastructure.jdbcUrl(database));
        dataSource.setUser(infrastructure.jdbcUser());
        dataSource.setPassword(infrastructure.jdbcPassword());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        Domains domains = Domains.discover();
        EventlineTopics topics = new EventlineTopics(namespace, new RestSchemaRegistryClient(RegistryClientConfig.of(infrastructure.schemaRegistryUrl())), true);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
            new TopicProvisioner(admin, 3, (short) 1).ensure(topics.all(List.of(LedgerModule.ACCOUNT, LedgerModule.TRANSFER)));
        }
        LedgerHistory history = new LedgerHistory(11, "", 50, 40, 0);
        List<LedgerHistory.Entry> events = history.entries().stream().filter(e -> e.kind().equals(LedgerModule.ACCOUNT)).toList();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(), "max.in.flight.requests.per.connection", 1),
                new StringSerializer(), topics.events(LedgerModule.ACCOUNT).valueSerde().serializer())) {
            for (LedgerHistory.Entry entry : events) {
                producer.send(new ProducerRecord<>(topics.events(LedgerModule.ACCOUNT).name(), entry.key(), (AccountEvent) entry.value()));
            }
        }

        try (Projections v1 = projections(new LedgerProjection(), dataSource, topics, domains)) {
            awaitVersions(dataSource, "ledger_v1", events.size());
            assertThat(active(dataSource)).isEqualTo(1);
        }
        try (Projections v2 = projections(new LedgerV2(), dataSource, topics, domains)) {
            assertThat(active(dataSource)).as("the old version serves while the new one builds").isEqualTo(1);
            assertThat(viewSource(dataSource)).contains("ledger_v1.");
            awaitVersions(dataSource, "ledger_v2", events.size());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (active(dataSource) != 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(active(dataSource)).isEqualTo(2);
            assertThat(viewSource(dataSource)).contains("ledger_v2.");
            assertThat(rows(dataSource, "ledger_v2.accounts")).isEqualTo(rows(dataSource, "ledger_v1.accounts"));
        }
    }

    private Projections projections(LedgerProjection projection, DataSource dataSource, EventlineTopics topics, Domains domains) throws SQLException {
        return new Projections(List.of(projection), dataSource, topics, domains, KafkaClients.of(infrastructure.kafkaBootstrapServers()), namespace, 500,
                Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    private static void awaitVersions(DataSource dataSource, String schema, long events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select coalesce(sum(version), 0) from " + schema + ".accounts")) {
                rs.next();
                if (rs.getLong(1) == events) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(schema + " never caught up");
    }

    private static int active(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select active_version from read_model_versions where projection = 'ledger'")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String viewSource(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select definition from pg_views where schemaname = 'public' and viewname = 'accounts'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> rows(DataSource dataSource, String table) throws SQLException {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, owner, currency, balance, status, version from " + table + " order by id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getLong(4) + "|" + rs.getString(5) + "|" + rs.getLong(6));
            }
        }
        return rows;
    }
}
