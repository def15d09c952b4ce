package dev.eventline.command.edge;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/** Not ready until the reply listener reads the results: a synchronous command could not get its answer. */
@Singleton
@Readiness
public class ReplyReadiness implements HealthIndicator {

    private final ReplyListener replies;

    public ReplyReadiness(ReplyListener replies) {
        this.replies = replies;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("command-replies", replies.isReading() ? HealthStatus.UP : HealthStatus.DOWN).build());
    }
}
