package dev.eventline.devstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Collectors;

import dev.eventline.devstack.PrivateFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL from the binaries zonky ships on Maven Central. The data directory is reused
 * across starts (initdb runs only when it is empty), so rows survive a restart of the stack.
 * It listens on localhost only and requires a password: generated on the first start and kept
 * beside the data directory ({@code <data>-password}, mode 0600).
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    public static final int DEFAULT_PORT = 55432;
    public static final String DEFAULT_DATABASE = "eventline";
    public static final String USER = "postgres";

    private final PostgresConfig config;
    private final String password;
    private EmbeddedPostgres postgres;

    public PostgresServer(PostgresConfig config) {
        this.config = config;
        this.password = PrivateFiles.secret(passwordFile(config.dataDir()));
    }

    /** Where the password of a data directory is kept: beside it, since initdb wants the directory to itself. */
    public static Path passwordFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-password");
    }

    /** The {@code postgres} user's password. */
    public String password() {
        return password;
    }

    public synchronized PostgresServer start() {
        if (postgres != null) {
            return this;
        }
        long started = System.nanoTime();
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(config.port())
                    .setDataDirectory(config.dataDir().toFile())
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(config.runtimeDir().toFile())
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("synchronous_commit", config.synchronousCommit() ? "on" : "off")
                    .setServerConfig("listen_addresses", "localhost")
                    .setConnectConfig("password", password)
                    .start();
            requirePassword();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + config.port(), e);
        }
        createDatabase(config.database());
        LOG.info("PostgreSQL serving {} in {} ms, data in {}", jdbcUrl(),
                (System.nanoTime() - started) / 1_000_000, config.dataDir());
        return this;
    }

    /**
     * The server died without being stopped (kill -9, the OOM killer): start it again on the same
     * data, which PostgreSQL recovers from its write-ahead log, as an orchestrator restarts a pod.
     */
    public synchronized PostgresServer startAfterCrash() {
        if (postgres != null) {
            // zonky's close stops the server (which fails: nothing runs, and zonky logs that as an
            // error) and then releases its lock on the data directory, which the next start needs.
            Logger zonky = LoggerFactory.getLogger(EmbeddedPostgres.class);
            ch.qos.logback.classic.Level level = zonky instanceof ch.qos.logback.classic.Logger logback ? logback.getLevel() : null;
            quiet(zonky, ch.qos.logback.classic.Level.OFF);
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.debug("closing the crashed server", e);
            } finally {
                quiet(zonky, level);
            }
            postgres = null;
        }
        LOG.info("PostgreSQL died; starting it again on {}", config.dataDir());
        return start();
    }

    private static void quiet(Logger logger, ch.qos.logback.classic.Level level) {
        if (logger instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(level);
        }
    }

    /** The postmaster's process id, from its lock file, while it runs. */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(config.dataDir().resolve("postmaster.pid")).get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running in " + config.dataDir(), e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(config.database());
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + config.port() + "/" + database;
    }

    public PostgresConfig config() {
        return config;
    }

    /** Creates the database when it does not exist yet; idempotent. */
    public void createDatabase(String database) {
        Databases.create(jdbcUrl("postgres"), USER, password, database);
    }

    /**
     * initdb (as zonky runs it) trusts every local connection: give the user its password and make
     * every connection prove it. Idempotent, so a data directory from before this rule is converted too.
     */
    private void requirePassword() throws IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'"); // base64url: nothing to escape
            Path hba = config.dataDir().resolve("pg_hba.conf");
            String rules = Files.readString(hba);
            String checked = rules.lines().map(line -> line.startsWith("#") ? line : line.replaceAll("\\btrust\\s*$", "scram-sha-256"))
                    .collect(Collectors.joining("\n", "", "\n"));
            if (!checked.equals(rules)) {
                PrivateFiles.write(hba, checked);
                s.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot require a password on PostgreSQL", e);
        }
    }

    @Override
    public synchronized void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
        }
        LOG.info("PostgreSQL stopped");
    }

    /**
     * Where and how the server runs. {@code synchronousCommit}: a commit is acknowledged once its
     * write-ahead log is flushed, so it survives a crash of PostgreSQL, as by default in production;
     * zonky turns that off for speed, and then a {@code kill -9} of the server forgets its last
     * commits (the read models' rows and offsets together, but behind what the projections saw).
     */
    public record PostgresConfig(int port, Path dataDir, Path runtimeDir, String database, boolean synchronousCommit) {

        /** With durable commits, as the stack runs. */
        public PostgresConfig(int port, Path dataDir, Path runtimeDir, String database) {
            this(port, dataDir, runtimeDir, database, true);
        }
    }
}
