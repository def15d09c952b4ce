package dev.eventline.replay.source;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One aggregate's events, read from the log: the archive index says at which offsets its
 * archived events are, so they are fetched directly; the part of its partition the archive has
 * not reached yet is scanned for its key.
 */
public final class AggregateHistory {

    private final EventLog log;
    private final Archive archive;

    public AggregateHistory(EventLog log, Archive archive) {
        this.log = log;
        this.archive = archive;
    }

    public List<LogEvent> of(String aggregateType, String aggregateId) throws SQLException {
        String topic = log.topicOf(aggregateType);
        List<Archive.Position> positions = archive.positions(aggregateType, aggregateId);
        int partition = positions.isEmpty() ? log.partitionOf(topic, aggregateId) : positions.get(0).partition();
        List<LogEvent> events = new ArrayList<>(log.at(aggregateType, partition, positions.stream().map(Archive.Position::offset).toList()));
        Map<Integer, Long> archived = archive.committed("archive", topic);
        long from = Math.max(archived.getOrDefault(partition, 0L), positions.isEmpty() ? 0 : positions.get(positions.size() - 1).offset() + 1);
        long end = log.endOffsets(topic).getOrDefault(partition, 0L);
        if (from < end) {
            log.scan(aggregateType, partition, from, end, event -> {
                if (aggregateId.equals(event.key())) {
                    events.add(event);
                }
            });
        }
        events.sort(Comparator.comparingLong(e -> e.metadata().getVersion()));
        return events;
    }
}
