package dev.eventline.query.freshness;

import java.util.Optional;

import dev.eventline.query.access.Caller;

/**
 * How far a read model has applied one aggregate type: the version of an aggregate that its rows
 * show, as the reader may see it. A domain's read API registers one bean per aggregate type it serves.
 */
public interface AppliedVersions {

    String aggregateType();

    /**
     * The version the read model shows, only if the reader may read the aggregate (for anyone
     * else: empty, as for a missing one). The access rule is part of the one query, so a foreign
     * aggregate costs what a missing one costs.
     */
    Optional<Long> versionOf(String aggregateId, Caller reader);
}
