package dev.eventline.projection.runtime;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.eventline.ledger.account.Deposit;
import dev.eventline.projection.core.ProjectedRecord;
import dev.eventline.projection.core.Projection;
import dev.eventline.projection.core.ProjectionBatch;
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
 * applied and those recorded as dead letters, in the caller's transaction.
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
            records.add(new ProjectedRecord("t", 0, offset, Instant.EPOCH, new Deposit(1L)));
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
        List<ProjectedRecord> records = List.of(new ProjectedRecord("t", 1, 0, Instant.EPOCH, new Deposit(1L)),
                new ProjectedRecord("t", 1, 1, Instant.EPOCH, new Deposit(2L)));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            assertThat(ProjectionBatch.apply(c, new Picky(), records, List.of())).isEqualTo(new ProjectionBatch.Outcome(2, List.of()));
            c.commit();
        }
        assertThat(longs("select count(*) from projection_dead_letters")).containsExactly(0L);
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
