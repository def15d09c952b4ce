package dev.eventline.command.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import dev.eventline.http.problem.StrictJson;
import dev.eventline.http.security.Identifiers;
import dev.eventline.http.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The admin API for per-client command rate limits (role {@code admin}):
 * {@code GET /v1/admin/client-limits} (every client with its own limit, and the defaults),
 * {@code GET|PUT|DELETE /v1/admin/client-limits/{clientId}}. A change reaches every instance's
 * admission stage through the compacted topic, without a restart; a deleted or unknown client has
 * the defaults.
 */
@Tag(name = "admin", description = "client limits of the admission stage (role admin)")
@Controller("/v1/admin/client-limits")
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ClientLimitsController {

    private static final long MAX_PERIOD_MILLIS = 86_400_000L;
    private static final long MAX_TOKENS = 1_000_000_000L;

    private final ClientLimits limits;

    public ClientLimitsController(ClientLimits limits) {
        this.limits = limits;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> list() {
        List<Map<String, Object>> clients = new ArrayList<>();
        limits.all().stream().sorted(java.util.Comparator.comparing(ClientLimits.Effective::clientId)).forEach(l -> clients.add(view(l)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("defaults", view(limits.defaults()));
        body.put("clients", clients);
        return body;
    }

    @Get(uri = "/{clientId}", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathVariable String clientId) {
        return view(limits.effective(Identifiers.require("clientId", clientId)));
    }

    @Operation(summary = "Set a client's command limit", requestBody = @RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object", example = "{\"capacity\":500,\"refillTokens\":100,\"refillPeriodMillis\":1000}"))))
    @ApiResponse(responseCode = "200", description = "the client's limit as every instance will apply it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ApiResponse(responseCode = "400", description = "MALFORMED_JSON or INVALID_PAYLOAD (errors per field)", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "KAFKA_UNAVAILABLE: not written", content = @Content(mediaType = "application/problem+json"))
    @Put(uri = "/{clientId}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public CompletableFuture<MutableHttpResponse<?>> put(HttpRequest<?> request, Authentication admin, @PathVariable String clientId,
                                                         @Nullable @Body String body) {
        Identifiers.require("clientId", clientId);
        JsonNode json = parse(body);
        List<Map<String, Object>> errors = new ArrayList<>();
        long capacity = positive(json, "capacity", MAX_TOKENS, errors);
        long refillTokens = positive(json, "refillTokens", MAX_TOKENS, errors);
        long period = positive(json, "refillPeriodMillis", MAX_PERIOD_MILLIS, errors);
        json.fieldNames().forEachRemaining(name -> {
            if (!List.of("capacity", "refillTokens", "refillPeriodMillis").contains(name)) {
                errors.add(Map.of("pointer", "/" + name, "code", "UNKNOWN_FIELD", "detail", "not a field of a client limit"));
            }
        });
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_PAYLOAD", "Invalid client limit")
                    .detail(errors.size() + " problem(s) in the limit").with("errors", errors));
        }
        return limits.put(clientId, capacity, refillTokens, period, admin.getName())
                .<MutableHttpResponse<?>>thenApply(limit -> HttpResponse.ok(view(limit)))
                .exceptionally(error -> unavailable(request, error));
    }

    @Operation(summary = "Give a client the default limit again")
    @ApiResponse(responseCode = "204", description = "removed")
    @ApiResponse(responseCode = "503", description = "KAFKA_UNAVAILABLE: not written", content = @Content(mediaType = "application/problem+json"))
    @Delete(uri = "/{clientId}")
    public CompletableFuture<MutableHttpResponse<?>> delete(HttpRequest<?> request, Authentication admin, @PathVariable String clientId) {
        Identifiers.require("clientId", clientId);
        return limits.delete(clientId, admin.getName())
                .<MutableHttpResponse<?>>thenApply(ignored -> HttpResponse.noContent())
                .exceptionally(error -> unavailable(request, error));
    }

    private static MutableHttpResponse<?> unavailable(HttpRequest<?> request, Throwable error) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "KAFKA_UNAVAILABLE", "Service unavailable")
                .detail("the limit could not be written: " + error.getMessage())
                .header(HttpHeaders.RETRY_AFTER, "2").toResponse(request);
    }

    private static JsonNode parse(String body) {
        JsonNode json = body == null || body.isBlank() ? null : StrictJson.read(body);
        if (json == null || !json.isObject()) {
            throw new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_PAYLOAD", "Invalid client limit")
                    .detail("expected a JSON object {capacity, refillTokens, refillPeriodMillis}"));
        }
        return json;
    }

    private static long positive(JsonNode json, String field, long max, List<Map<String, Object>> errors) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            errors.add(Map.of("pointer", "/" + field, "code", "MISSING", "detail", "required"));
            return 0;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            errors.add(Map.of("pointer", "/" + field, "code", "WRONG_TYPE", "detail", "expected a whole number"));
            return 0;
        }
        long number = value.longValue();
        if (number < 1 || number > max) {
            errors.add(Map.of("pointer", "/" + field, "code", "OUT_OF_RANGE", "detail", "must be between 1 and " + max));
        }
        return number;
    }

    private static Map<String, Object> view(ClientLimits.Effective limit) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (!limit.clientId().startsWith("\u0000")) {
            view.put("clientId", limit.clientId());
        }
        view.put("capacity", limit.capacity());
        view.put("refillTokens", limit.refillTokens());
        view.put("refillPeriodMillis", limit.refillPeriodMillis());
        view.put("source", limit.isDefault() ? "default" : "client");
        if (limit.updatedAt() != null) {
            view.put("updatedAt", limit.updatedAt().toString());
            view.put("updatedBy", limit.updatedBy());
        }
        return view;
    }
}
