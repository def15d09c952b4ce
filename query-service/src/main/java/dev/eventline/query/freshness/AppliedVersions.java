package dev.eventline.query.freshness;

import java.util.Optional;

/**
 * How far a read model has applied one aggregate type: the version of an aggregate that its rows
 * show. A domain's read API registers one bean per aggregate type it serves.
 */
public interface AppliedVersions {

    String aggregateType();

    Optional<Long> versionOf(String aggregateId);
}
