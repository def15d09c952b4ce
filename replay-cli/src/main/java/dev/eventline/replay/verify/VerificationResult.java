package dev.eventline.replay.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.eventline.projection.check.Finding;

/** What the partition checks found, gathered from their threads; the first finding per aggregate is kept. */
final class VerificationResult {

    private final AtomicLong events = new AtomicLong();
    private final Map<String, Boolean> aggregates = new ConcurrentHashMap<>();
    private final Map<String, Finding> firstByAggregate = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> folded = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> versions = new ConcurrentHashMap<>();

    void countEvent(String type, String id) {
        events.incrementAndGet();
        aggregates.putIfAbsent(type + "/" + id, Boolean.TRUE);
    }

    /** Only the first of an aggregate counts: each partition reads its aggregates' events in order. */
    void found(Finding finding) {
        firstByAggregate.putIfAbsent(finding.aggregateType() + "/" + finding.aggregateId(), finding);
    }

    /** The states of one type folded as far as one projection has applied its events. */
    Map<String, Object> folded(String projection, String type) {
        return folded.computeIfAbsent(projection + "/" + type, t -> new ConcurrentHashMap<>());
    }

    Map<String, Long> versions(String projection, String type) {
        return versions.computeIfAbsent(projection + "/" + type, t -> new ConcurrentHashMap<>());
    }

    void fold(String projection, String type, String id, Object state, long version) {
        folded(projection, type).put(id, state);
        versions(projection, type).put(id, version);
    }

    long events() {
        return events.get();
    }

    int aggregates() {
        return aggregates.size();
    }

    List<Finding> findings() {
        List<Finding> all = new ArrayList<>(firstByAggregate.values());
        all.sort(Comparator.comparing(Finding::aggregateType).thenComparing(Finding::aggregateId));
        return all;
    }
}
