package dev.eventline.query.commands;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.eventline.http.security.Identifiers;
import dev.eventline.http.security.Roles;
import dev.eventline.query.access.Caller;
import dev.eventline.query.database.ReadModelDatabase;
import dev.eventline.query.http.ConditionalAnswers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code GET /v1/commands/{commandId}}, where a 202 from the command service points: PENDING
 * until the outcome is projected, then ACCEPTED with the outcome or the refusal with its reason.
 */
@Tag(name = "commands", description = "outcome of a command by id (the Location of a 202)")
@Controller("/v1/commands")
@Secured({Roles.QUERIES_READ, Roles.DASHBOARD, Roles.AUDITOR}) // reading needs a reading role (docs/security.md)
public class CommandStatusController {

    private static final Logger LOG = LoggerFactory.getLogger("eventline.reads.commands");

    private final CommandOutcomeRepository outcomes;
    private final ReadModelDatabase database;
    private final ConditionalAnswers conditional;

    public CommandStatusController(CommandOutcomeRepository outcomes, ReadModelDatabase database, ConditionalAnswers conditional) {
        this.outcomes = outcomes;
        this.database = database;
        this.conditional = conditional;
    }

    @Get("/{commandId}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public MutableHttpResponse<?> status(HttpRequest<?> request, Authentication authentication, @PathVariable String commandId) {
        Caller caller = Caller.of(authentication);
        Identifiers.require("commandId", commandId);
        // Another client's command reads exactly like one not decided yet (or never sent): PENDING.
        Optional<CommandOutcome> outcome = database.read(() -> outcomes.findById(commandId))
                .filter(found -> caller.mayRead(found.clientId()));
        if (outcome.isEmpty()) {
            // Not decided yet, or not projected yet: ask again shortly.
            Map<String, Object> pending = new LinkedHashMap<>();
            pending.put("commandId", commandId);
            pending.put("status", "PENDING");
            return conditional.ok(pending, "\"pending\"", null).header("Retry-After", "1");
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable("correlationId", outcome.get().correlationId())) {
            // The last step of following a command through the logs: its outcome read back.
            LOG.info("command {} read by {}: {}", commandId, caller.clientId(), outcome.get().status());
        }
        // An outcome never changes once decided.
        return conditional.answer(request, outcome.get().toMap(), "\"" + outcome.get().status().toLowerCase(java.util.Locale.ROOT) + "\"", outcome.get().decidedAt());
    }
}
