package dev.eventline.projection.status;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.eventline.projection.runtime.ProjectionProgress;
import dev.eventline.projection.runtime.Projections;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Ready while every projection on this instance is within {@code eventline.projection.ready-max-lag}
 * records of the end of its partitions: a lagging instance is taken out of rotation, not served stale.
 * The details also name the events each projection quarantined: it stays ready, since it serves the
 * verified state, but an operator should look (the dead letters say why).
 */
@Singleton
@Readiness
public class ProjectionLagReadiness implements HealthIndicator {

    private final Projections projections;
    private final long maxLag;

    public ProjectionLagReadiness(Projections projections, @Value("${eventline.projection.ready-max-lag:1000}") long maxLag) {
        this.projections = projections;
        this.maxLag = maxLag;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean ready = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (ProjectionProgress progress : projections.progress()) {
            long lag = progress.totalLag();
            details.put(progress.projection().schema(), Map.of("lag", lag, "millisBehind", progress.maxMillisBehind(),
                    "quarantined", progress.quarantined()));
            ready &= lag <= maxLag;
        }
        return Publishers.just(HealthResult.builder("projections", ready ? HealthStatus.UP : HealthStatus.DOWN).details(details).build());
    }
}
