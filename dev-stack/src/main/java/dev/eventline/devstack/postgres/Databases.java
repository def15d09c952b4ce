package dev.eventline.devstack.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates databases on a PostgreSQL server: the stack's own, and one per test class. */
public final class Databases {

    private Databases() {
    }

    /** {@code CREATE DATABASE} unless it exists, through the server's {@code postgres} database. */
    public static void create(String serverUrl, String user, String password, String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = DriverManager.getConnection(JdbcUrls.withDatabase(serverUrl, "postgres"), user, password);
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }
}
