package dev.eventline.query.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import dev.eventline.http.security.Identifiers;
import dev.eventline.http.security.Roles;
import dev.eventline.query.access.Caller;
import dev.eventline.query.aggregates.AggregateEventRow;
import dev.eventline.query.aggregates.AggregateReads;
import dev.eventline.query.aggregates.AggregateRow;
import dev.eventline.query.database.ReadModelDatabase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
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

/**
 * Server-Sent Events of any registered aggregate type: one aggregate's events as the generic read
 * model applies them. The event id is the aggregate's version after it, so a client that
 * reconnects with {@code Last-Event-ID} continues right after it, losing and repeating nothing.
 */
@Tag(name = "live", description = "Server-Sent Events with Last-Event-ID resume")
@Controller("/v1/live/aggregates")
@Secured({Roles.QUERIES_READ, Roles.DASHBOARD, Roles.AUDITOR}) // reading needs a reading role (docs/security.md)
public class AggregateLiveController {

    private static final int BATCH = 500;
    private static final Argument<Object> JSON_VALUE = Argument.of(Object.class);

    private final AggregateReads reads;
    private final ReadModelDatabase database;
    private final LiveStreams live;
    private final JsonMapper json;
    private final Scheduler blocking;

    public AggregateLiveController(AggregateReads reads, ReadModelDatabase database, LiveStreams live, JsonMapper json,
                                   @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.reads = reads;
        this.database = database;
        this.live = live;
        this.json = json;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    /** Events of one aggregate after the one it has (or, with no Last-Event-ID, after its current version). */
    @Get(value = "/{type}/{id}", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Flux<Event<Map<String, Object>>> aggregate(@PathVariable String type, @PathVariable String id,
                                                      @Header("Last-Event-ID") @Nullable String lastEventId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        Identifiers.require("type", type);
        Identifiers.require("id", id);
        Long resumeAfter = lastEventId == null ? null : LiveStreams.version(lastEventId, "an aggregate version");
        // Unknown types, missing and foreign aggregates alike: nothing visible to stream.
        AggregateRow aggregate = database.read(() -> reads.find(type, id, caller)).orElseThrow(() -> Caller.notFound(type, id));
        AtomicLong after = new AtomicLong(resumeAfter != null ? resumeAfter : aggregate.version());
        return live.stream(authentication, live.wakeUps().concatMap(tick -> Mono.fromCallable(() -> {
            List<Event<Map<String, Object>>> out = new ArrayList<>();
            List<AggregateEventRow> batch;
            do {
                batch = database.read(() -> reads.events(type, id, after.get(), BATCH));
                for (AggregateEventRow event : batch) {
                    out.add(Event.of(body(type, id, event)).id(String.valueOf(event.version())));
                    after.set(event.version());
                }
            } while (batch.size() == BATCH);
            return out;
        }).subscribeOn(blocking)).flatMapIterable(events -> events));
    }

    private Map<String, Object> body(String type, String id, AggregateEventRow event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("aggregateType", type);
        body.put("aggregateId", id);
        body.put("version", event.version());
        body.put("type", event.type());
        body.put("occurredAt", event.occurredAt().toString());
        try {
            body.put("data", json.readValue(event.payloadJson(), JSON_VALUE));
        } catch (IOException e) {
            throw new UncheckedIOException("archived payload is not JSON", e);
        }
        return body;
    }
}
