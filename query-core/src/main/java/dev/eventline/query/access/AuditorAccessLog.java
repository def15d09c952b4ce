package dev.eventline.query.access;

import java.time.Instant;

import dev.eventline.http.problem.CorrelationIds;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.SecurityFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every read by an auditor, one line each on the {@code eventline.access.auditor} logger
 * (logback.xml sends it to its own file): who, what, when, the answer and the correlation id.
 */
@ServerFilter("/v1/**")
public class AuditorAccessLog {

    public static final String LOGGER = "eventline.access.auditor";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @ResponseFilter
    public void record(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class).map(Caller::of).filter(Caller::isAuditor)
                .ifPresent(auditor -> LOG.info("at={} client={} method={} uri={} status={} correlationId={}", Instant.now(),
                        auditor.clientId(), request.getMethodName(), request.getUri(), response.code(), CorrelationIds.of(request)));
    }
}
