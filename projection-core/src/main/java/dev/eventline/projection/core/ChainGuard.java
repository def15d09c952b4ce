package dev.eventline.projection.core;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.eventline.schemas.chain.ChainBreak;
import dev.eventline.schemas.chain.ChainHead;
import dev.eventline.schemas.envelope.EventMetadata;

/**
 * Lets through only the events that follow their aggregate's verified chain in this read model
 * ({@link ChainHead#check}: next version, chained to the last verified hash, hash intact), so an
 * event appended to the log behind the command service's back (forged, altered, or an
 * out-of-sequence copy) never reaches a read model: it is quarantined, and the aggregate's rows
 * stay at its last verified state. The heads live in the projection version's own schema
 * ({@code chain_heads}, on the caller's search path) and move in the caller's transaction, with
 * the rows and offsets. Records that are not events pass as they are.
 */
public final class ChainGuard {

    /** The records to apply, in their order, and the events held back. */
    public record Verdict(List<ProjectedRecord> chained, List<ProjectionBatch.Refused> quarantined) {
    }

    private record Aggregate(String topic, String id) {
    }

    private ChainGuard() {
    }

    public static Verdict check(Connection connection, List<ProjectedRecord> records) throws SQLException {
        Map<String, Set<String>> idsByTopic = new LinkedHashMap<>();
        for (ProjectedRecord record : records) {
            if (record.isEvent()) {
                idsByTopic.computeIfAbsent(record.topic(), t -> new LinkedHashSet<>()).add(record.eventMetadata().getAggregateId());
            }
        }
        if (idsByTopic.isEmpty()) {
            return new Verdict(records, List.of());
        }
        Map<Aggregate, ChainHead> heads = load(connection, idsByTopic);
        Map<Aggregate, ChainHead> moved = new LinkedHashMap<>();
        List<ProjectedRecord> chained = new ArrayList<>(records.size());
        List<ProjectionBatch.Refused> quarantined = new ArrayList<>();
        for (ProjectedRecord record : records) {
            if (!record.isEvent()) {
                chained.add(record);
                continue;
            }
            EventMetadata m = record.eventMetadata();
            Aggregate aggregate = new Aggregate(record.topic(), m.getAggregateId());
            ChainHead head = heads.getOrDefault(aggregate, ChainHead.genesis());
            Optional<ChainBreak> broken = head.check(record.key(), m.getAggregateId(), m.getVersion(), record.asWritten());
            if (broken.isPresent()) {
                quarantined.add(new ProjectionBatch.Refused(record.topic(), record.partition(), record.offset(),
                        new BrokenChainException(m.getAggregateType(), m.getAggregateId(), m.getVersion(), broken.get())));
            } else {
                ChainHead next = head.next(m.getVersion(), record.asWritten());
                heads.put(aggregate, next);
                moved.put(aggregate, next);
                chained.add(record);
            }
        }
        save(connection, moved);
        return new Verdict(chained, quarantined);
    }

    private static Map<Aggregate, ChainHead> load(Connection connection, Map<String, Set<String>> idsByTopic) throws SQLException {
        Map<Aggregate, ChainHead> heads = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select aggregate_id, version, hash from chain_heads where topic = ? and aggregate_id = any(?)")) {
            for (Map.Entry<String, Set<String>> topic : idsByTopic.entrySet()) {
                Array ids = connection.createArrayOf("text", topic.getValue().toArray());
                select.setString(1, topic.getKey());
                select.setArray(2, ids);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        heads.put(new Aggregate(topic.getKey(), rs.getString(1)), new ChainHead(rs.getLong(2), rs.getBytes(3)));
                    }
                }
                ids.free();
            }
        }
        return heads;
    }

    /** One statement for the whole batch (arrays unnested), not a row each: the heads cost the batch one round trip. */
    private static void save(Connection connection, Map<Aggregate, ChainHead> moved) throws SQLException {
        if (moved.isEmpty()) {
            return;
        }
        int n = moved.size();
        String[] topics = new String[n];
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        byte[][] hashes = new byte[n][];
        int i = 0;
        for (Map.Entry<Aggregate, ChainHead> head : moved.entrySet()) {
            topics[i] = head.getKey().topic();
            ids[i] = head.getKey().id();
            versions[i] = head.getValue().version();
            hashes[i] = head.getValue().hash();
            i++;
        }
        try (PreparedStatement upsert = connection.prepareStatement("insert into chain_heads (topic, aggregate_id, version, hash) "
                + "select * from unnest(?::text[], ?::text[], ?::bigint[], ?::bytea[]) "
                + "on conflict (topic, aggregate_id) do update set version = excluded.version, hash = excluded.hash")) {
            upsert.setArray(1, connection.createArrayOf("text", topics));
            upsert.setArray(2, connection.createArrayOf("text", ids));
            upsert.setArray(3, connection.createArrayOf("bigint", versions));
            upsert.setArray(4, connection.createArrayOf("bytea", hashes));
            upsert.executeUpdate();
        }
    }
}
