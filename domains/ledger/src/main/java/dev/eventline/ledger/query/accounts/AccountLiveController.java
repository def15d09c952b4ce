package dev.eventline.ledger.query.accounts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.eventline.http.security.Identifiers;
import dev.eventline.http.security.Roles;
import dev.eventline.query.access.Caller;
import dev.eventline.query.database.ReadModelDatabase;
import dev.eventline.query.live.LiveStreams;
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
 * Server-Sent Events of the ledger: one account's events and the events of all the caller's
 * accounts. Each event carries an id; a client that reconnects with
 * {@code Last-Event-ID} (EventSource does it by itself) continues right after it, losing and
 * repeating nothing. Streams send a {@code heartbeat} event when idle and end after
 * {@code eventline.query.live.max-duration}; open streams are capped per client and in total.
 */
@Tag(name = "live", description = "Server-Sent Events with Last-Event-ID resume")
@Controller("/v1/live")
@Secured({Roles.QUERIES_READ, Roles.DASHBOARD, Roles.AUDITOR}) // reading needs a reading role (docs/security.md)
public class AccountLiveController {

    private static final int BATCH = 500;
    private static final Argument<Map<String, Object>> JSON_OBJECT = Argument.mapOf(String.class, Object.class);

    private final AccountRepository accounts;
    private final AccountEventFeed feed;
    private final ReadModelDatabase database;
    private final LiveStreams live;
    private final JsonMapper json;
    private final Scheduler blocking;

    public AccountLiveController(AccountRepository accounts, AccountEventFeed feed, ReadModelDatabase database, LiveStreams live,
                                 JsonMapper json, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.accounts = accounts;
        this.feed = feed;
        this.database = database;
        this.live = live;
        this.json = json;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    /** Events of one account; the event id is the account's version after it. */
    @Get(value = "/accounts/{id}", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Flux<Event<Map<String, Object>>> account(@PathVariable String id, @Header("Last-Event-ID") @Nullable String lastEventId,
                                                    Authentication authentication) {
        Caller caller = Caller.of(authentication);
        Identifiers.require("id", id);
        Long resumeAfter = lastEventId == null ? null : LiveStreams.version(lastEventId, "an account version");
        Optional<Account> account = database.read(() -> accounts.findById(id));
        if (account.isEmpty() || !caller.mayRead(account.get().owner())) {
            throw Caller.notFound("account", id);
        }
        AtomicLong after = new AtomicLong(resumeAfter != null ? resumeAfter : account.get().version());
        return live.stream(authentication, live.wakeUps().concatMap(tick -> Mono.fromCallable(() -> {
            List<Event<Map<String, Object>>> out = new ArrayList<>();
            List<AccountEvent> batch;
            do {
                batch = database.read(() -> feed.of(id, after.get(), BATCH));
                for (AccountEvent event : batch) {
                    out.add(Event.of(body(event)).id(String.valueOf(event.version())));
                    after.set(event.version());
                }
            } while (batch.size() == BATCH);
            return out;
        }).subscribeOn(blocking)).flatMapIterable(events -> events));
    }

    /**
     * Events of every account the caller owns (all accounts for auditors and dashboards); the
     * event id is the resume point, {@code partition:nextOffset} for each partition of the account topic.
     */
    @Get(value = "/accounts", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Flux<Event<Map<String, Object>>> accounts(@Header("Last-Event-ID") @Nullable String lastEventId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        String owner = caller.seesEverything() ? null : caller.clientId();
        Map<Integer, Long> resume = lastEventId == null ? null : offsets(lastEventId);
        AtomicReference<Map<Integer, Long>> cursor = new AtomicReference<>(resume != null ? resume : feed.horizon());
        return live.stream(authentication, live.wakeUps().concatMap(tick -> Mono.fromCallable(() -> {
            List<Event<Map<String, Object>>> out = new ArrayList<>();
            Map<Integer, Long> to = feed.horizon();
            while (true) {
                Map<Integer, Long> from = cursor.get();
                List<AccountEvent> batch = database.read(() -> feed.between(owner, from, to, BATCH));
                Map<Integer, Long> position = new TreeMap<>(from);
                for (AccountEvent event : batch) {
                    // Ordered by partition: the partitions before this one are read to the horizon.
                    to.forEach((partition, high) -> {
                        if (partition < event.partition()) {
                            position.merge(partition, high, Math::max);
                        }
                    });
                    position.put(event.partition(), event.offset() + 1);
                    out.add(Event.of(body(event)).id(encode(position)));
                }
                if (batch.size() < BATCH) {
                    Map<Integer, Long> done = new TreeMap<>(from);
                    to.forEach((partition, high) -> done.merge(partition, high, Math::max));
                    cursor.set(done);
                    return out;
                }
                cursor.set(position);
            }
        }).subscribeOn(blocking)).flatMapIterable(events -> events));
    }

    private Map<String, Object> body(AccountEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("aggregateType", "account");
        body.put("aggregateId", event.accountId());
        body.put("version", event.version());
        body.put("type", event.type());
        body.put("occurredAt", event.occurredAt().toString());
        try {
            body.put("data", json.readValue(event.payloadJson(), JSON_OBJECT));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("archived payload is not JSON: " + e.getMessage(), e);
        }
        return body;
    }

    static Map<Integer, Long> offsets(String lastEventId) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (lastEventId.isBlank()) {
            return offsets;
        }
        try {
            for (String part : lastEventId.trim().split(",")) {
                String[] pair = part.split(":");
                if (pair.length != 2) {
                    throw new NumberFormatException();
                }
                offsets.put(Integer.parseInt(pair[0]), Long.parseLong(pair[1]));
            }
        } catch (NumberFormatException e) {
            throw LiveStreams.badLastEventId("partition:offset pairs separated by commas");
        }
        return offsets;
    }

    static String encode(Map<Integer, Long> offsets) {
        StringJoiner id = new StringJoiner(",");
        offsets.forEach((partition, offset) -> id.add(partition + ":" + offset));
        return id.toString();
    }
}
