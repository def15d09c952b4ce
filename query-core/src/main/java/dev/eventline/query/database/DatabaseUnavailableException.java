package dev.eventline.query.database;

/** The read models cannot be reached (no connection, database restarting, views not created yet). */
public final class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
