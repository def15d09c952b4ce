package dev.eventline.projection.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import dev.eventline.domain.Domains;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecord;

/**
 * A read model in PostgreSQL, built from Kafka topics exactly once: the platform reads the topics,
 * and calls {@link #apply} inside a database transaction that also records the offsets the rows
 * reflect. Projections are found with {@link ServiceLoader} ({@code META-INF/services/dev.eventline.projection.core.Projection}):
 * the platform's own (the generic read model, command outcomes) and a domain's, from its jar, by
 * the projection service and the replay tool alike.
 *
 * <p>Each version owns the PostgreSQL schema {@code <name>_v<version>}, created by the Flyway
 * migrations under {@link #migrations()}. A new version builds from offset zero beside the old one,
 * and public views switch to it atomically once it has caught up.
 */
public interface Projection {

    /** Lower-case word: in the schema name and the consumer group. */
    String name();

    /** Raise it when the tables or their meaning change: the new version rebuilds from the log. */
    int version();

    /** Flyway locations holding this projection's tables (unqualified names). */
    String migrations();

    /** The topics it reads. */
    List<Topic<String, ? extends SpecificRecord>> topics(EventlineTopics topics, Domains domains);

    /**
     * Applies records, in offset order per partition, on a connection whose transaction is open and
     * whose search_path is this version's schema. Must be safe against a record seen again after a
     * crash between its effects and the offset write: it never is (same transaction), but guard by
     * version where the data allows it.
     */
    void apply(Connection connection, List<ProjectedRecord> records) throws SQLException;

    default String schema() {
        return name() + "_v" + version();
    }

    /** Every projection on the classpath, by name; two of one name are a packaging mistake. */
    static List<Projection> discover() {
        Map<String, Projection> byName = new LinkedHashMap<>();
        for (Projection projection : ServiceLoader.load(Projection.class)) {
            if (byName.putIfAbsent(projection.name(), projection) != null) {
                throw new IllegalStateException("two projections are named '" + projection.name() + "'");
            }
        }
        return List.copyOf(byName.values());
    }
}
