package dev.eventline.projection.status;

import dev.eventline.projection.runtime.ProjectionProgress;
import dev.eventline.projection.runtime.Projections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

/**
 * Prometheus gauges per projection version: {@code eventline_projection_lag_records},
 * {@code eventline_projection_lag_millis}, {@code eventline_projection_applied_records},
 * {@code eventline_projection_dead_letters} and {@code eventline_projection_quarantined_events}
 * (events held back because they do not follow their aggregate's verified hash chain: alert on any).
 */
@Context
public class ProjectionMetrics {

    public ProjectionMetrics(Projections projections, MeterRegistry registry) {
        for (ProjectionProgress progress : projections.progress()) {
            String name = progress.projection().name();
            String version = String.valueOf(progress.projection().version());
            Gauge.builder("eventline.projection.lag.records", progress, p -> Math.min(p.totalLag(), Integer.MAX_VALUE))
                    .tags("projection", name, "version", version).description("records not yet applied on this instance's partitions")
                    .register(registry);
            Gauge.builder("eventline.projection.lag.millis", progress, ProjectionProgress::maxMillisBehind)
                    .tags("projection", name, "version", version).description("age of the newest applied record while records are left")
                    .register(registry);
            Gauge.builder("eventline.projection.applied.records", progress, ProjectionProgress::applied)
                    .tags("projection", name, "version", version).register(registry);
            Gauge.builder("eventline.projection.dead.letters", progress, ProjectionProgress::deadLetters)
                    .tags("projection", name, "version", version).register(registry);
            Gauge.builder("eventline.projection.quarantined.events", progress, ProjectionProgress::quarantined)
                    .tags("projection", name, "version", version).description("events that do not follow their aggregate's verified chain")
                    .register(registry);
        }
    }
}
