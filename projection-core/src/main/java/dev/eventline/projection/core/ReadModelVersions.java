package dev.eventline.projection.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schemas of projection versions and which one the public views show. Switching is one
 * transaction (drop and create every view, record the version): a reader sees the old tables or
 * the new ones, never a mix.
 */
public final class ReadModelVersions {

    private static final Logger LOG = LoggerFactory.getLogger(ReadModelVersions.class);

    private final DataSource dataSource;

    public ReadModelVersions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The platform's tables in every projection version's schema, with their own migration history. */
    private static final String PLATFORM_MIGRATIONS = "classpath:db/projections/platform";
    private static final String PLATFORM_HISTORY = "eventline_schema_history";
    /** Tables of a projection's schema that are no read model: never behind a public view, never compared. */
    private static final List<String> NOT_READ_MODELS = List.of("flyway_schema_history", PLATFORM_HISTORY, "chain_heads");

    /** Creates or upgrades the version's schema with its own migrations. */
    public void migrate(Projection projection) {
        migrate(dataSource, projection, projection.schema());
    }

    /** Creates or upgrades a schema holding the projection's tables (its version's, or a rebuild's) and the platform's. */
    public static void migrate(DataSource dataSource, Projection projection, String schema) {
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).locations(projection.migrations()).load().migrate();
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).table(PLATFORM_HISTORY)
                .baselineOnMigrate(true).baselineVersion("0").locations(PLATFORM_MIGRATIONS).load().migrate();
    }

    public OptionalInt active(String projection) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("select active_version from read_model_versions where projection = ?")) {
            select.setString(1, projection);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /**
     * Points the public views at this version unless a version at least as new is active already;
     * returns whether it switched. Concurrent callers serialize on the projection's row.
     */
    public boolean activate(Projection projection) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "read-model:" + projection.name());
                lock.execute();
            }
            OptionalInt current = OptionalInt.empty();
            try (PreparedStatement select = c.prepareStatement("select active_version from read_model_versions where projection = ?")) {
                select.setString(1, projection.name());
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        current = OptionalInt.of(rs.getInt(1));
                    }
                }
            }
            if (current.isPresent() && current.getAsInt() >= projection.version()) {
                c.rollback();
                return false;
            }
            pointViews(c, projection.schema());
            try (PreparedStatement upsert = c.prepareStatement("insert into read_model_versions (projection, active_version, switched_at) "
                    + "values (?, ?, now()) on conflict (projection) do update set active_version = excluded.active_version, switched_at = now()")) {
                upsert.setString(1, projection.name());
                upsert.setInt(2, projection.version());
                upsert.executeUpdate();
            }
            c.commit();
            LOG.info("read model {} now serves version {} (was {})", projection.name(), projection.version(),
                    current.isPresent() ? current.getAsInt() : "none");
            return true;
        }
    }

    /** Re-creates the public views over the schema's tables, inside the caller's transaction. */
    public static void pointViews(Connection c, String schema) throws SQLException {
        try (Statement ddl = c.createStatement()) {
            for (String table : tables(c, schema)) {
                ddl.execute("drop view if exists public." + table);
                ddl.execute("create view public." + table + " as select * from " + schema + "." + table);
            }
        }
    }

    /** The read model tables of a schema (the migration histories and the chain heads left out). */
    public static List<String> tables(Connection c, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("select table_name from information_schema.tables where table_schema = ? "
                + "and table_type = 'BASE TABLE' and table_name <> all(?) order by table_name")) {
            select.setString(1, schema);
            select.setArray(2, c.createArrayOf("text", NOT_READ_MODELS.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }
}
