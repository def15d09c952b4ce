package dev.eventline.query.stats;

import java.util.Map;

import dev.eventline.http.security.Roles;
import dev.eventline.query.access.Caller;
import dev.eventline.query.database.ReadModelDatabase;
import dev.eventline.query.freshness.ReadYourWrites;
import dev.eventline.query.http.ConditionalAnswers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /v1/stats}: the dashboard's figures, with a weak ETag over them. */
@Tag(name = "stats", description = "dashboard figures")
@Controller("/v1/stats")
@Secured({Roles.QUERIES_READ, Roles.DASHBOARD, Roles.AUDITOR}) // reading needs a reading role (docs/security.md)
public class StatsController {

    private final DashboardStats stats;
    private final ReadModelDatabase database;
    private final ReadYourWrites readYourWrites;
    private final ConditionalAnswers conditional;

    public StatsController(DashboardStats stats, ReadModelDatabase database, ReadYourWrites readYourWrites, ConditionalAnswers conditional) {
        this.stats = stats;
        this.database = database;
        this.readYourWrites = readYourWrites;
        this.conditional = conditional;
    }

    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    public MutableHttpResponse<?> stats(HttpRequest<?> request, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        readYourWrites.await(request, caller);
        Map<String, Object> figures = database.read(() -> stats.of(caller));
        return conditional.answer(request, figures, ConditionalAnswers.weakTagOf(figures.toString()), null);
    }
}
