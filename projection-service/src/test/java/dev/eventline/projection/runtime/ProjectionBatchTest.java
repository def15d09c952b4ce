package dev.eventline.projection.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.eventline.domain.Domains;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.AccountOpened;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.projection.core.ProjectedRecord;
import dev.eventline.projection.core.Projection;
import dev.eventline.projection.core.ProjectionBatch;
import dev.eventline.schemas.chain.HashChain;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.Topic;
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import org.apache.avro.specific.SpecificRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The one apply routine of the live projector and the replay tool's rebuild, on real PostgreSQL:
 * a projection that fails on some records (an SQL error or an exception of its own) has the others
 * applied and those recorded as dead letters, in the caller's transaction; events that do not follow
 * their aggregate's verified chain are quarantined before the projection sees them.
 */
class ProjectionBatchTest {

    private final Infrastructure infrastructure = SharedInfrastructure.get();
    private PGSimpleDataSource dataSource;

    /** Writes each record's offset; throws on offset 2 and hits a constraint on offset 4. */
    private static final class Picky implements Projection {

        @Override
        public String name() {
            return "picky";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public String migrations() {
            return "none";
        }

        @Override
        public List<Topic<String, ? extends SpecificRecord>> topics(EventlineTopics topics, Domains domains) {
            return List.of();
        }

        @Override
        public void apply(Connection connection, List<ProjectedRecord> records) throws SQLException {
            for (ProjectedRecord record : records) {
                if (record.offset() == 2) {
                    throw new IllegalStateException("a defect of the projection");
                }
                try (PreparedStatement insert = connection.prepareStatement("insert into applied values (?)")) {
                    insert.setLong(1, record.offset() == 4 ? -1 : record.offset()); // -1 breaks the check constraint
                    insert.executeUpdate();
                }
            }
        }
    }

    @BeforeEach
    void database() throws SQLException {
        String database = "batch_" + UUID.randomUUID().toString().substring(0, 8);
        infrastructure.createDatabase(database);
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(infrastructure.jdbcUrl(database));
        dataSource.setUser(infrastructure.jdbcUser());
        dataSource.setPassword(infrastructure.jdbcPassword());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table applied (record_offset bigint check (record_offset >= 0))");
        }
    }

    @Test
    void shouldApplyWhatItCanAndDeadLetterTheRestWhateverTheFailure() throws SQLException {
        List<ProjectedRecord> records = new ArrayList<>();
        for (long offset = 0; offset < 6; offset++) {
            records.add(new ProjectedRecord("t", 0, offset, Instant.EPOCH, "k", new Deposit(1L)));
        }
        ProjectionBatch.Refused undecodable = new ProjectionBatch.Refused("t", 0, 6, new IllegalArgumentException("not Avro"));

        ProjectionBatch.Outcome outcome;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            outcome = ProjectionBatch.apply(c, new Picky(), records, List.of(undecodable));
            c.commit();
        }

        assertThat(outcome.applied()).isEqualTo(4);
        assertThat(outcome.refused()).extracting(ProjectionBatch.Refused::offset).containsExactlyInAnyOrder(2L, 4L, 6L);
        assertThat(longs("select record_offset from applied order by 1")).containsExactly(0L, 1L, 3L, 5L);
        assertThat(longs("select \"offset\" from projection_dead_letters where projection = 'picky' and version = 1 order by 1"))
                .containsExactly(2L, 4L, 6L);
    }

    @Test
    void shouldApplyAWholeBatchAtOnceWhenNothingFails() throws SQLException {
        List<ProjectedRecord> records = List.of(new ProjectedRecord("t", 1, 0, Instant.EPOCH, "k", new Deposit(1L)),
                new ProjectedRecord("t", 1, 1, Instant.EPOCH, "k", new Deposit(2L)));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            assertThat(ProjectionBatch.apply(c, new Picky(), records, List.of())).isEqualTo(new ProjectionBatch.Outcome(2, List.of()));
            c.commit();
        }
        assertThat(longs("select count(*) from projection_dead_letters")).containsExactly(0L);
    }

    @Test
    void shouldQuarantineEventsThatDoNotFollowTheirAggregatesVerifiedChainAndApplyTheRest() throws SQLException {
        Flyway.configure().dataSource(dataSource).table("eventline_schema_history").baselineOnMigrate(true).baselineVersion("0")
                .locations("classpath:db/projections/platform").load().migrate();
        AccountEvent opened = event("acc-1", 1, HashChain.genesis(), 100);
        AccountEvent altered = event("acc-1", 2, HashChain.hashOf(opened), 5);
        ((Deposited) altered.getPayload()).setAmount(1_000_000L);
        AccountEvent deposited = event("acc-1", 2, HashChain.hashOf(opened), 5);
        AccountEvent withoutItsOpening = event("acc-2", 2, HashChain.genesis(), 7);
        AccountEvent copyOfTheOpening = event("acc-1", 1, HashChain.genesis(), 100);
        AccountEvent underAnotherKey = event("acc-1", 3, HashChain.hashOf(deposited), 9);

        ProjectionBatch.Outcome first = apply(List.of(record(10, "acc-1", opened), record(11, "acc-1", altered), record(12, "acc-1", deposited),
                record(13, "acc-2", withoutItsOpening), record(14, "acc-1", copyOfTheOpening), record(15, "acc-3", underAnotherKey)));

        assertThat(first.applied()).isEqualTo(2);
        assertThat(first.quarantined()).isEqualTo(4);
        assertThat(longs("select record_offset from applied order by 1")).containsExactly(10L, 12L);
        assertThat(strings("select \"offset\" || ' ' || error from projection_dead_letters order by \"offset\"")).containsExactly(
                "11 BrokenChainException: account acc-1 v2 HASH_MISMATCH: stored hash " + hex(HashChain.hashOf(altered))
                        + " is not the hash of the event's content " + hex(HashChain.hash(HashChain.hashOf(opened), altered)),
                "13 BrokenChainException: account acc-2 v2 VERSION_GAP: version 2 where 1 was due",
                "14 BrokenChainException: account acc-1 v1 VERSION_GAP: version 1 where 3 was due",
                "15 BrokenChainException: account acc-1 v3 KEY_MISMATCH: record key acc-3 is not the aggregate id acc-1");

        ProjectionBatch.Outcome next = apply(List.of(record(16, "acc-1", underAnotherKey)));
        assertThat(next.applied()).as("the chain goes on from its last verified event, across batches").isEqualTo(1);
        assertThat(strings("select aggregate_id || ' v' || version from chain_heads")).containsExactly("acc-1 v3");
    }

    private ProjectionBatch.Outcome apply(List<ProjectedRecord> records) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            ProjectionBatch.Outcome outcome = ProjectionBatch.apply(c, new Picky(), records, List.of());
            c.commit();
            return outcome;
        }
    }

    private static ProjectedRecord record(long offset, String key, AccountEvent event) {
        return new ProjectedRecord("t", 0, offset, Instant.EPOCH, key, event);
    }

    /** A deposit (an opening at version 1) sealed after {@code prevHash}. */
    private static AccountEvent event(String account, long version, byte[] prevHash, long amount) {
        EventMetadata metadata = EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setAggregateType("account")
                .setAggregateId(account).setVersion(version).setOccurredAt(Instant.EPOCH).setCommandId("c-" + version).setCorrelationId("c")
                .setCausationId("c").setClientId("alice").setPrevHash(ByteBuffer.wrap(new byte[32])).setHash(ByteBuffer.wrap(new byte[32])).build();
        AccountEvent event = new AccountEvent(metadata, version == 1 ? new AccountOpened("alice", "EUR") : new Deposited(amount, null));
        HashChain.seal(event, prevHash);
        return event;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private List<String> strings(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private List<Long> longs(String query) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }
}
