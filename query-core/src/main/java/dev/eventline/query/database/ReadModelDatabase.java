package dev.eventline.query.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

import io.micronaut.retry.annotation.CircuitBreaker;
import jakarta.inject.Singleton;

/**
 * Every read of the read models goes through here, so one circuit breaker covers them: after a
 * failure that says the database is unreachable, calls fail at once with 503 for
 * {@code eventline.query.database.circuit-reset}, then a single call probes it again.
 */
@Singleton
public class ReadModelDatabase {

    @CircuitBreaker(attempts = "0", reset = "${eventline.query.database.circuit-reset:5s}", includes = DatabaseUnavailableException.class)
    public <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            if (isUnavailable(e)) {
                throw new DatabaseUnavailableException("the read models cannot be reached: " + rootMessage(e), e);
            }
            throw e;
        }
    }

    /**
     * Connection failures (SQLState class 08, a pool timeout, an administrator shutdown 57P) and
     * views that do not exist yet (42P01: the projection service has not migrated) are "not
     * available"; anything else is a defect and must not be hidden as a 503.
     */
    static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("42P01")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
