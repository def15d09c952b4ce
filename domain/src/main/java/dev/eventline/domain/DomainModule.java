package dev.eventline.domain;

import java.util.List;

/**
 * A domain's entry point, listed in {@code META-INF/services/dev.eventline.domain.DomainModule}:
 * adding a domain to the platform is adding a jar with one of these.
 */
public interface DomainModule {

    List<AggregateType<?, ?, ?>> aggregateTypes();
}
