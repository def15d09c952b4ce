package dev.eventline.bench.baseline;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plain batched JDBC upserts into a table shaped like the ledger's accounts, one transaction per
 * batch of the projection's size: what PostgreSQL takes on this machine, without Kafka, decoding
 * or the projection's bookkeeping.
 */
public final class JdbcUpsertBaseline {

    private JdbcUpsertBaseline() {
    }

    /** Rows per second. */
    public static double rowsPerSecond(String jdbcUrl, String user, String password, int rows, int accounts, int batch) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("drop table if exists bench_upserts");
                ddl.execute("create table bench_upserts (id text primary key, balance bigint not null, version bigint not null, updated_at timestamptz not null)");
            }
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement upsert = connection.prepareStatement("insert into bench_upserts (id, balance, version, updated_at) values (?, ?, 1, now()) "
                    + "on conflict (id) do update set balance = bench_upserts.balance + excluded.balance, version = bench_upserts.version + 1, updated_at = now()")) {
                for (int i = 1; i <= rows; i++) {
                    upsert.setString(1, "acc-" + ThreadLocalRandom.current().nextInt(accounts));
                    upsert.setLong(2, 1 + ThreadLocalRandom.current().nextInt(20));
                    upsert.addBatch();
                    if (i % batch == 0 || i == rows) {
                        upsert.executeBatch();
                        connection.commit();
                    }
                }
            }
            double rate = rows / ((System.nanoTime() - start) / 1e9);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("drop table bench_upserts");
            }
            connection.commit();
            return rate;
        }
    }
}
