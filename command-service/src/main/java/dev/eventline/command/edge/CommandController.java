package dev.eventline.command.edge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.eventline.command.limits.EdgeRateLimits;
import dev.eventline.command.metrics.CommandOutcomeMetrics;
import dev.eventline.http.problem.CorrelationIds;
import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import dev.eventline.http.security.Roles;
import dev.eventline.schemas.envelope.CommandResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code POST /v1/commands/{aggregateType}/{aggregateId}/{commandType}}: reads the command, appends
 * it to {@code <ns>.requests}, and answers with its outcome (or 202 when the caller prefers not
 * to wait). Refusals found here write nothing.
 */
@Controller("/v1/commands")
@Secured({Roles.COMMANDS_WRITE, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING) // a send may block up to send-timeout while the broker is away
@Tag(name = "commands")
public class CommandController {

    private final CommandRequestReader reader;
    private final RequestSender sender;
    private final ReplyListener replies;
    private final CommandAnswers answers;
    private final EdgeSettings settings;
    private final CommandAnswerLog log;
    private final Optional<EdgeRateLimits> edgeLimits;
    private final CommandOutcomeMetrics metrics;

    public CommandController(CommandRequestReader reader, RequestSender sender, ReplyListener replies, CommandAnswers answers,
                             EdgeSettings settings, CommandAnswerLog log, Optional<EdgeRateLimits> edgeLimits, CommandOutcomeMetrics metrics) {
        this.log = log;
        this.metrics = metrics;
        this.edgeLimits = edgeLimits;
        this.reader = reader;
        this.sender = sender;
        this.replies = replies;
        this.answers = answers;
        this.settings = settings;
    }

    @Operation(summary = "Send a command to an aggregate",
            description = "The command is checked against the aggregate's current state; its events are appended in order. "
                    + "The body is the command's JSON (for example {\"currency\":\"EUR\"} for account OpenAccount); "
                    + "its schema is the command's Avro schema in the registry.",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object"))))
    @ApiResponse(responseCode = "201", description = "accepted (200 when the aggregate existed): the events are in the log; "
            + "ETag = the aggregate's new version, Eventline-Position = the token a read waits for",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ApiResponse(responseCode = "202", description = "in the log, outcome not known yet (Prefer: respond-async or the reply timeout); "
            + "Location = the query service's command status", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ApiResponse(responseCode = "400", description = "IDEMPOTENCY_KEY_MISSING, INVALID_IF_MATCH, MALFORMED_JSON, INVALID_PAYLOAD (errors: "
            + "JSON Pointer, code, detail per field) ...", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED: no or invalid bearer token", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "FORBIDDEN: missing role or not the owner", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "UNKNOWN_AGGREGATE_TYPE, UNKNOWN_COMMAND_TYPE, or the domain's NOT_FOUND", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "VERSION_CONFLICT: If-Match does not name the current version", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "PAYLOAD_TOO_LARGE: body over 64 KiB", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "UNSUPPORTED_MEDIA_TYPE: a body that is not JSON", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "the domain's rejection code (INSUFFICIENT_FUNDS ...) or IDEMPOTENCY_KEY_REUSED", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "429", description = "RATE_LIMITED: RateLimit-Policy, RateLimit and Retry-After say when to retry", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "KAFKA_UNAVAILABLE: nothing appended; retry with the same Idempotency-Key", content = @Content(mediaType = "application/problem+json"))
    @Post(uri = "/{aggregateType}/{aggregateId}/{commandType}", consumes = MediaType.ALL,
            produces = {MediaType.APPLICATION_JSON, "application/problem+json"})
    public CompletableFuture<MutableHttpResponse<?>> submit(HttpRequest<?> request, Authentication caller,
                                                            @PathVariable String aggregateType, @PathVariable String aggregateId,
                                                            @PathVariable String commandType,
                                                            @Parameter(description = "the same key with the same body answers the first outcome again")
                                                            @Nullable @Header("Idempotency-Key") String idempotencyKey,
                                                            @Parameter(description = "expected current version of the aggregate, as an ETag")
                                                            @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                                            @Parameter(description = "respond-async: answer 202 once the command is in the log")
                                                            @Nullable @Header("Prefer") String prefer,
                                                            @Nullable @Body String body) {
        CommandRequestReader.Target target = reader.target(aggregateType, aggregateId, commandType);
        OptionalLong refused = edgeLimits.isPresent() ? edgeLimits.get().refuse(caller.getName()) : OptionalLong.empty();
        if (refused.isPresent()) {
            metrics.refusedAtEdge(target.type().name());
            MutableHttpResponse<?> limited = answers.rateLimited(request, caller.getName(), refused.getAsLong(),
                    "the client is over its limit");
            log.answered(CorrelationIds.of(request), caller.getName(), target.toString(), null, limited);
            return CompletableFuture.completedFuture(limited);
        }
        boolean async = prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
        if (!async && !replies.isReading()) {
            throw unavailable("the service is starting: outcomes cannot be delivered yet");
        }
        CommandTimeline timeline = new CommandTimeline();
        ReplyListener.Expected expected = async ? null : replies.expect();
        CommandRequestReader.Submission submission;
        try {
            submission = reader.read(target, new CommandRequestReader.Request(aggregateType, aggregateId, commandType, idempotencyKey, ifMatch,
                    request.getHeaders().get(HttpHeaders.CONTENT_TYPE), body, caller.getName(), new ArrayList<>(caller.getRoles()),
                    CorrelationIds.of(request), async ? null : expected.replyTo()), Instant.now());
        } catch (RuntimeException e) {
            if (expected != null) {
                expected.outcome().cancel(false);
            }
            throw e;
        }
        timeline.sent();
        return sender.send(caller.getName(), CorrelationIds.of(request), submission.envelope())
                .handle((sent, error) -> {
                    if (error != null) {
                        if (expected != null) {
                            expected.outcome().cancel(false);
                        }
                        throw unavailable("Kafka did not acknowledge the command in time (" + rootMessage(error)
                                + "); retrying with the same Idempotency-Key is safe, it is applied at most once");
                    }
                    return sent;
                })
                .thenCompose(sent -> async ? CompletableFuture.completedFuture(pending(submission.commandId(), true))
                        : expected.outcome().orTimeout(settings.getReplyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .<MutableHttpResponse<?>>thenApply(reply -> {
                                MutableHttpResponse<?> answer = answers.answer(request, reply.result());
                                Map<String, Double> hops = timeline.hops(reply, Instant.now());
                                metrics.hops(hops);
                                return CommandTimeline.withServerTiming(answer, hops);
                            })
                            .exceptionally(error -> {
                                if (unwrap(error) instanceof TimeoutException) {
                                    // In the log, so it will be decided: say where to look.
                                    return pending(submission.commandId(), false);
                                }
                                throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
                            }))
                .exceptionally(error -> {
                    if (unwrap(error) instanceof ProblemException problem) {
                        return problem.problem().toResponse(request);
                    }
                    throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
                })
                .whenComplete((response, error) -> {
                    if (response != null) {
                        log.answered(CorrelationIds.of(request), caller.getName(), target.toString(), submission.commandId(), response);
                    }
                });
    }

    private MutableHttpResponse<?> pending(String commandId, boolean preferred) {
        MutableHttpResponse<Map<String, Object>> response = HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED)
                .body(Map.<String, Object>of("commandId", commandId, "status", "PENDING", "statusUrl", statusUrl(commandId)))
                .header(HttpHeaders.LOCATION, statusUrl(commandId));
        if (preferred) {
            response.header("Preference-Applied", "respond-async");
        }
        return response;
    }

    /** Served by the query service (shared/DESIGN.md): on the same origin behind a gateway, or at its configured address. */
    private String statusUrl(String commandId) {
        return settings.getStatusBaseUrl() + "/v1/commands/" + commandId;
    }

    private ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "KAFKA_UNAVAILABLE", "Service unavailable")
                .detail(detail).header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, settings.getRetryAfter().toSeconds()))));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = unwrap(error);
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
