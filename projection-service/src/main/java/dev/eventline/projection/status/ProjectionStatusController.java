package dev.eventline.projection.status;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eventline.http.security.Roles;
import dev.eventline.projection.runtime.ProjectionProgress;
import dev.eventline.projection.runtime.Projections;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

/**
 * {@code GET /v1/projections}: each projection version on this instance, whether the public views
 * show it, and per partition the next offset, the records left and how far behind in time.
 * For operators and wallboards: admin, dashboard or auditor.
 */
@Controller("/v1/projections")
@Secured({Roles.ADMIN, Roles.DASHBOARD, Roles.AUDITOR}) // operations figures, no client's data
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProjectionStatusController {

    private final Projections projections;

    public ProjectionStatusController(Projections projections) {
        this.projections = projections;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> status() throws SQLException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ProjectionProgress progress : projections.progress()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", progress.projection().name());
            view.put("version", progress.projection().version());
            view.put("activeVersion", projections.activeVersion(progress.projection().name()).orElse(0));
            view.put("applied", progress.applied());
            view.put("deadLetters", progress.deadLetters());
            view.put("quarantined", progress.quarantined());
            view.put("lag", progress.totalLag());
            view.put("millisBehind", progress.maxMillisBehind());
            view.put("partitions", progress.partitions());
            list.add(view);
        }
        return Map.of("projections", list);
    }
}
