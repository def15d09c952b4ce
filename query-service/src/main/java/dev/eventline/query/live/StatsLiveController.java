package dev.eventline.query.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import dev.eventline.http.security.Roles;
import dev.eventline.query.access.Caller;
import dev.eventline.query.database.ReadModelDatabase;
import dev.eventline.query.freshness.ReadModelChanges;
import dev.eventline.query.stats.DashboardStats;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Server-Sent Events of the dashboard's figures, sent whenever they change (at most once a second). */
@Tag(name = "live", description = "Server-Sent Events with Last-Event-ID resume")
@Controller("/v1/live/stats")
@Secured({Roles.QUERIES_READ, Roles.DASHBOARD, Roles.AUDITOR}) // reading needs a reading role (docs/security.md)
public class StatsLiveController {

    private final DashboardStats stats;
    private final ReadModelDatabase database;
    private final ReadModelChanges changes;
    private final LiveStreams live;
    private final Scheduler blocking;

    public StatsLiveController(DashboardStats stats, ReadModelDatabase database, ReadModelChanges changes, LiveStreams live,
                               @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.stats = stats;
        this.database = database;
        this.changes = changes;
        this.live = live;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    /** The event id grows with the read models' committed position (the sum of every projection's offsets). */
    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Flux<Event<Map<String, Object>>> stats(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        AtomicReference<String> last = new AtomicReference<>();
        return live.stream(authentication, live.wakeUps().sample(Duration.ofSeconds(1)).startWith(0L)
                .concatMap(tick -> Mono.fromCallable(() -> {
                    long position = changes.committed().total();
                    Map<String, Object> figures = database.read(() -> stats.of(caller));
                    String shown = figures.toString();
                    return shown.equals(last.getAndSet(shown)) ? List.<Event<Map<String, Object>>>of()
                            : List.of(Event.of(figures).id(String.valueOf(position)));
                }).subscribeOn(blocking)).flatMapIterable(events -> events));
    }
}
