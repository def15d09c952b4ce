package dev.eventline.devstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL from the binaries zonky ships on Maven Central. The data directory is reused
 * across starts (initdb runs only when it is empty), so rows survive a restart of the stack.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    public static final int DEFAULT_PORT = 55432;
    public static final String DEFAULT_DATABASE = "eventline";
    public static final String USER = "postgres";

    private final PostgresConfig config;
    private EmbeddedPostgres postgres;

    public PostgresServer(PostgresConfig config) {
        this.config = config;
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
                    .setServerConfig("listen_addresses", "localhost")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + config.port(), e);
        }
        createDatabase(config.database());
        LOG.info("PostgreSQL serving {} in {} ms, data in {}", jdbcUrl(),
                (System.nanoTime() - started) / 1_000_000, config.dataDir());
        return this;
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
        Databases.create(jdbcUrl("postgres"), USER, "", database);
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

    public record PostgresConfig(int port, Path dataDir, Path runtimeDir, String database) {
    }
}
