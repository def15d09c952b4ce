package dev.eventline.query;

import java.util.HashMap;
import java.util.Map;

import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.testkit.Http;
import dev.eventline.testkit.WriteSide;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * The whole write and read path for a test: the command and projection services as child JVMs
 * ({@link WriteSide}), and the query service in this JVM on their database.
 */
final class LedgerStack implements AutoCloseable {

    final WriteSide writeSide;
    final EmbeddedServer query;
    final DevelopmentKeys keys;
    final Http commands;
    final Http queries;

    private LedgerStack(Map<String, Object> queryProperties) {
        int queryPort = WriteSide.freePort();
        writeSide = WriteSide.start("query", Map.of("EVENTLINE_EDGE_STATUS_BASE_URL", "http://localhost:" + queryPort,
                // Logs as a collector reads them, with the per-event line on: commands can be followed.
                "EVENTLINE_LOG_FORMAT", "json", "LOGGER_LEVELS_EVENTLINE_PROJECTION_APPLIED", "DEBUG"));
        keys = writeSide.keys();
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", queryPort,
                "datasources.default.url", writeSide.jdbcUrl(),
                "datasources.default.username", writeSide.infrastructure().jdbcUser(),
                "datasources.default.password", writeSide.infrastructure().jdbcPassword(),
                "eventline.token-keys", "file:" + keys.publicKeySet(),
                "eventline.namespace", writeSide.namespace(),
                "eventline.query.limits.capacity", 1_000_000,
                "eventline.query.limits.refill-tokens", 1_000_000));
        properties.putAll(queryProperties);
        query = ApplicationContext.run(EmbeddedServer.class, properties);
        writeSide.awaitHealthy();
        commands = new Http(writeSide.commandService());
        queries = new Http(query.getURI());
    }

    static LedgerStack start() {
        return new LedgerStack(Map.of());
    }

    /** With query-service settings of the test's own. */
    static LedgerStack start(Map<String, Object> queryProperties) {
        return new LedgerStack(queryProperties);
    }

    String token(String client, String... roles) {
        return writeSide.token(client, roles);
    }

    @Override
    public void close() {
        query.getApplicationContext().close();
        writeSide.close();
    }

    static int freePort() {
        return WriteSide.freePort();
    }
}
