package dev.eventline.devstack.postgres;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL JDBC URLs. */
public final class JdbcUrls {

    private static final Pattern POSTGRES = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?$");

    private JdbcUrls() {
    }

    /** The same server URL pointing at another database, keeping any query parameters. */
    public static String withDatabase(String url, String database) {
        Matcher m = POSTGRES.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }
}
