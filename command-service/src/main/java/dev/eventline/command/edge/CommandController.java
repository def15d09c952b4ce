package dev.eventline.command.edge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.eventline.http.problem.CorrelationIds;
import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
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

/**
 * {@code POST /v1/commands/{aggregateType}/{aggregateId}/{commandType}}: reads the command, appends
 * it to {@code <ns>.requests}, and answers with its outcome (or 202 when the caller prefers not
 * to wait). Refusals found here write nothing.
 */
@Controller("/v1/commands")
@Secured({Roles.COMMANDS_WRITE, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING) // a send may block up to send-timeout while the broker is away
public class CommandController {

    private final CommandRequestReader reader;
    private final RequestSender sender;
    private final ReplyListener replies;
    private final CommandAnswers answers;
    private final EdgeSettings settings;

    public CommandController(CommandRequestReader reader, RequestSender sender, ReplyListener replies, CommandAnswers answers,
                             EdgeSettings settings) {
        this.reader = reader;
        this.sender = sender;
        this.replies = replies;
        this.answers = answers;
        this.settings = settings;
    }

    @Post(uri = "/{aggregateType}/{aggregateId}/{commandType}", consumes = MediaType.ALL,
            produces = {MediaType.APPLICATION_JSON, "application/problem+json"})
    public CompletableFuture<MutableHttpResponse<?>> submit(HttpRequest<?> request, Authentication caller,
                                                            @PathVariable String aggregateType, @PathVariable String aggregateId,
                                                            @PathVariable String commandType,
                                                            @Nullable @Header("Idempotency-Key") String idempotencyKey,
                                                            @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                                            @Nullable @Header("Prefer") String prefer,
                                                            @Nullable @Body String body) {
        boolean async = prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
        if (!async && !replies.isReading()) {
            throw unavailable("the service is starting: outcomes cannot be delivered yet");
        }
        ReplyListener.Expected expected = async ? null : replies.expect();
        CommandRequestReader.Submission submission;
        try {
            submission = reader.read(new CommandRequestReader.Request(aggregateType, aggregateId, commandType, idempotencyKey, ifMatch,
                    request.getHeaders().get(HttpHeaders.CONTENT_TYPE), body, caller.getName(), new ArrayList<>(caller.getRoles()),
                    CorrelationIds.of(request), async ? null : expected.replyTo()), Instant.now());
        } catch (RuntimeException e) {
            if (expected != null) {
                expected.outcome().cancel(false);
            }
            throw e;
        }
        return sender.send(caller.getName(), submission.envelope())
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
                            .<MutableHttpResponse<?>>thenApply(result -> answers.answer(request, result))
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
