package dev.eventline.command.edge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eventline.command.limits.ClientLimits;
import dev.eventline.http.problem.Problem;
import dev.eventline.schemas.envelope.CommandResult;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

/** A command's outcome as the HTTP answer: the appended events, or the problem that explains a refusal. */
@Singleton
public class CommandAnswers {

    /** Domain rejection codes that mean the caller may not know or touch the aggregate. */
    private static final Set<String> FORBIDDEN = Set.of("FORBIDDEN");
    private static final Set<String> NOT_FOUND = Set.of("NOT_FOUND");

    private final ClientLimits limits;

    public CommandAnswers(ClientLimits limits) {
        this.limits = limits;
    }

    public MutableHttpResponse<?> answer(HttpRequest<?> request, CommandResult result) {
        return switch (result.getStatus()) {
            case ACCEPTED -> accepted(request, result);
            case REJECTED -> rejected(result).toResponse(request);
            case CONFLICT -> Problem.of(HttpStatus.CONFLICT, "VERSION_CONFLICT", "Version conflict")
                    .detail(result.getRejectionMessage()).with("commandId", result.getCommandId())
                    .with("currentVersion", result.getVersion()).toResponse(request)
                    .header(HttpHeaders.ETAG, "\"" + result.getVersion() + "\"");
            case RATE_LIMITED -> rateLimited(request, result);
            case DUPLICATE_KEY_MISMATCH -> Problem.of(HttpStatus.UNPROCESSABLE_ENTITY, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key reused")
                    .detail(result.getRejectionMessage() + "; use a new key for a new request")
                    .with("idempotencyKey", result.getIdempotencyKey()).toResponse(request);
            case INVALID -> "UNKNOWN_AGGREGATE_TYPE".equals(result.getRejectionCode())
                    ? Problem.of(HttpStatus.NOT_FOUND, "UNKNOWN_AGGREGATE_TYPE", "Unknown aggregate type").detail(result.getRejectionMessage()).toResponse(request)
                    : Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, result.getRejectionCode(), "The command could not be decided")
                        .detail("the decision failed and was recorded in the dead-letter topic; nothing was appended")
                        .with("commandId", result.getCommandId()).toResponse(request);
            default -> Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "UNKNOWN_OUTCOME", "Unknown outcome")
                    .detail("outcome status " + result.getStatus()).toResponse(request);
        };
    }

    private static MutableHttpResponse<?> accepted(HttpRequest<?> request, CommandResult result) {
        long version = result.getVersion() == null ? 0 : result.getVersion();
        int count = result.getEventIds().size();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventId", result.getEventIds().get(i));
            event.put("version", version - count + 1 + i);
            if (i < result.getEventTypes().size()) {
                event.put("type", result.getEventTypes().get(i));
            }
            events.add(event);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commandId", result.getCommandId());
        body.put("status", "ACCEPTED");
        body.put("aggregateType", result.getAggregateType());
        body.put("aggregateId", result.getAggregateId());
        body.put("commandType", result.getCommandType());
        body.put("version", version);
        body.put("events", events);
        body.put("position", result.getPosition());
        body.put("decidedAt", result.getDecidedAt().toString());
        // Created: this command's events are the aggregate's first.
        HttpStatus status = count > 0 && version == count ? HttpStatus.CREATED : HttpStatus.OK;
        MutableHttpResponse<Map<String, Object>> response = HttpResponse.<Map<String, Object>>status(status).body(body)
                .header(HttpHeaders.ETAG, "\"" + version + "\"");
        if (result.getPosition() != null) {
            response.header("Eventline-Position", result.getPosition());
        }
        return response;
    }

    private static Problem rejected(CommandResult result) {
        String code = result.getRejectionCode();
        HttpStatus status = FORBIDDEN.contains(code) ? HttpStatus.FORBIDDEN
                : NOT_FOUND.contains(code) ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_ENTITY;
        return Problem.of(status, code, "Command rejected").detail(result.getRejectionMessage())
                .with("commandId", result.getCommandId()).with("currentVersion", result.getVersion());
    }

    /**
     * 429 with Retry-After and the IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers):
     * the policy is the client's sustained rate as a quota per window, and the remaining quota is
     * none until the next token.
     */
    private MutableHttpResponse<?> rateLimited(HttpRequest<?> request, CommandResult result) {
        return rateLimited(request, result.getClientId(), result.getRetryAfterMillis() == null ? 1000 : result.getRetryAfterMillis(),
                result.getRejectionMessage());
    }

    /** The 429 of a client over its limit, whether the edge or the admission stage found it. */
    public MutableHttpResponse<?> rateLimited(HttpRequest<?> request, String clientId, long waitMillis, String detail) {
        long retryAfter = Math.max(1, (waitMillis + 999) / 1000);
        MutableHttpResponse<?> response = Problem.of(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many requests")
                .detail(detail).with("retryAfterMillis", waitMillis)
                .toResponse(request)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter))
                .header("RateLimit", "\"commands\";r=0;t=" + retryAfter);
        try {
            ClientLimits.Effective limit = limits.effective(clientId);
            long window = Math.max(1, (limit.refillPeriodMillis() + 999) / 1000);
            long quota = Math.max(1, limit.refillTokens() * window * 1000 / Math.max(1, limit.refillPeriodMillis()));
            response.header("RateLimit-Policy", "\"commands\";q=" + quota + ";w=" + window);
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            // The limits table is being restored: the refusal and its wait still stand, the policy is left out.
        }
        return response;
    }
}
