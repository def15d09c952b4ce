package dev.eventline.command.edge;

import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per command answered, on logger {@code eventline.commands}, with the request's
 * correlation id in the MDC ({@code correlationId}): the first step of following a command through
 * the services' logs (the projection service logs the same id as it applies the events).
 */
@Singleton
public class CommandAnswerLog {

    private static final Logger LOG = LoggerFactory.getLogger("eventline.commands");

    public void answered(String correlationId, String client, String target, String commandId, MutableHttpResponse<?> response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable("correlationId", correlationId)) {
            LOG.info("command {} {} from {}: {}", commandId == null ? "-" : commandId, target, client, response.code());
        }
    }
}
