package dev.eventline.query.aggregates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import dev.eventline.http.security.Identifiers;
import dev.eventline.http.security.Roles;
import dev.eventline.query.access.Caller;
import dev.eventline.query.database.ReadModelDatabase;
import dev.eventline.query.freshness.ReadYourWrites;
import dev.eventline.query.http.ConditionalAnswers;
import dev.eventline.query.http.ListParameters;
import dev.eventline.query.http.LongPoll;
import dev.eventline.query.http.WaitParameter;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * The generic read side: every registered aggregate type, its current state (folded by the
 * domain's own evolve), its history and filtered lists, with no code from the domain. The same
 * rules as a domain's own routes: ETag/304, position tokens, long-poll, keyset cursors, field
 * selection, and a foreign aggregate answered exactly as a missing one.
 */
@Tag(name = "aggregates", description = "any registered aggregate type: state, history, lists; ETag/304, Eventline-Position, long-poll")
@Controller("/v1/aggregates")
@Secured({Roles.QUERIES_READ, Roles.DASHBOARD, Roles.AUDITOR}) // reading needs a reading role (docs/security.md)
public class AggregateController {

    static final List<String> FIELDS = List.of("type", "id", "owner", "version", "state", "createdAt", "updatedAt");
    private static final Argument<Object> JSON_VALUE = Argument.of(Object.class);

    private final Domains domains;
    private final AggregateReads reads;
    private final AggregateSearch search;
    private final ReadModelDatabase database;
    private final ReadYourWrites readYourWrites;
    private final ConditionalAnswers conditional;
    private final LongPoll longPoll;
    private final ListParameters lists;
    private final JsonMapper json;
    private final Duration maxWait;
    private final LongPoll.View<AggregateRow> view;

    public AggregateController(Domains domains, AggregateReads reads, AggregateSearch search, ReadModelDatabase database,
                               ReadYourWrites readYourWrites, ConditionalAnswers conditional, LongPoll longPoll, ListParameters lists,
                               JsonMapper json, @Value("${eventline.query.max-wait:30s}") Duration maxWait) {
        this.domains = domains;
        this.reads = reads;
        this.search = search;
        this.database = database;
        this.readYourWrites = readYourWrites;
        this.conditional = conditional;
        this.longPoll = longPoll;
        this.lists = lists;
        this.json = json;
        this.maxWait = maxWait;
        this.view = new LongPoll.View<>(AggregateRow::version, this::toMap, AggregateRow::updatedAt);
    }

    /** The registered aggregate types and the commands clients may send to each. */
    @Get
    public Map<String, Object> types() {
        List<Map<String, Object>> types = new ArrayList<>();
        for (String name : domains.names()) {
            AggregateType<?, ?, ?> type = domains.find(name).orElseThrow();
            types.add(Map.of("name", name, "commands", type.clientCommands().keySet().stream().sorted().toList()));
        }
        return Map.of("types", types);
    }

    /** One aggregate's current state; with {@code If-None-Match} and a wait, a long-poll. */
    @Get("/{type}/{id}")
    public Mono<MutableHttpResponse<?>> aggregate(HttpRequest<?> request, @PathVariable String type, @PathVariable String id,
                                                  Authentication authentication) {
        Caller caller = Caller.of(authentication);
        registered(type);
        Identifiers.require("id", id);
        Duration wait = WaitParameter.of(request, maxWait);
        return longPoll.answer(request, wait, () -> {
            readYourWrites.awaitGeneric(request, caller);
            return read(type, id, caller);
        }, () -> read(type, id, caller), view);
    }

    /** An aggregate's events, oldest first: {@code after} (a version, the previous page's {@code next}) and {@code limit}. */
    @Get("/{type}/{id}/events")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public MutableHttpResponse<?> events(HttpRequest<?> request, Authentication authentication, @PathVariable String type,
                                         @PathVariable String id, @QueryValue @Nullable String after, @QueryValue @Nullable String limit) {
        Caller caller = Caller.of(authentication);
        registered(type);
        Identifiers.require("id", id);
        int size = lists.pageSize(limit);
        Long afterVersion = ListParameters.optionalWholeNumber("after", after);
        long from = afterVersion == null ? 0 : Math.max(0, afterVersion);
        readYourWrites.awaitGeneric(request, caller);
        AggregateRow aggregate = read(type, id, caller);
        List<AggregateEventRow> rows = database.read(() -> reads.events(type, id, from, size + 1));
        List<Map<String, Object>> items = new ArrayList<>();
        for (AggregateEventRow row : rows.subList(0, Math.min(size, rows.size()))) {
            items.add(toMap(row));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("id", id);
        body.put("items", items);
        body.put("next", rows.size() > size ? String.valueOf(rows.get(size - 1).version()) : null);
        String etag = ConditionalAnswers.weakTagOf(type + "/" + id + "@" + aggregate.version() + "|" + from + "|" + size);
        return conditional.answer(request, body, etag, aggregate.updatedAt());
    }

    /**
     * A page of one type's aggregates the caller may read: {@code owner}, {@code state.<path>=value}
     * filters, {@code sort=id|createdAt|updatedAt|version} (a leading '-' for descending),
     * {@code limit}, {@code cursor} (the previous page's {@code next}) and {@code fields}.
     */
    @Get("/{type}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public MutableHttpResponse<?> list(HttpRequest<?> request, Authentication authentication, @PathVariable String type,
                                       @QueryValue @Nullable String owner, @QueryValue @Nullable String sort,
                                       @QueryValue @Nullable String limit, @QueryValue @Nullable String cursor,
                                       @QueryValue @Nullable String fields) {
        Caller caller = Caller.of(authentication);
        registered(type);
        int size = lists.pageSize(limit);
        List<String> selected = ListParameters.fields(fields, FIELDS);
        if (owner != null && !caller.seesEverything() && !owner.equals(caller.clientId())) {
            throw ListParameters.invalid("owner", "a client lists its own aggregates only; leave owner out or give " + caller.clientId());
        }
        List<AggregateSearch.StateFilter> filters = new ArrayList<>();
        request.getParameters().forEach((name, values) -> {
            if (name.startsWith("state.")) {
                values.forEach(value -> filters.add(AggregateSearch.stateFilter(name, value)));
            }
        });
        readYourWrites.awaitGeneric(request, caller);
        AggregateSearch.Page page = database.read(() -> search.search(type, caller, owner, filters, sort, size, cursor));
        List<Map<String, Object>> items = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (AggregateRow row : page.rows()) {
            items.add(ListParameters.select(toMap(row), selected));
            rows.add(row.id() + "@" + row.version());
        }
        return conditional.page(request, selected, items, rows, page.next());
    }

    private AggregateRow read(String type, String id, Caller caller) {
        return database.read(() -> reads.find(type, id, caller)).orElseThrow(() -> Caller.notFound(type, id));
    }

    /** A type no domain registers is a 404 naming the ones there are (types are not secret; aggregates are). */
    private void registered(String type) {
        if (domains.find(type).isEmpty()) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "UNKNOWN_AGGREGATE_TYPE", "Unknown aggregate type")
                    .detail("no registered aggregate type is called that; registered: " + domains.names()));
        }
    }

    Map<String, Object> toMap(AggregateRow row) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", row.type());
        map.put("id", row.id());
        map.put("owner", row.owner());
        map.put("version", row.version());
        map.put("state", parse(row.stateJson()));
        map.put("createdAt", row.createdAt().toString());
        map.put("updatedAt", row.updatedAt().toString());
        return map;
    }

    private Map<String, Object> toMap(AggregateEventRow row) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("version", row.version());
        map.put("eventId", row.eventId());
        map.put("type", row.type());
        map.put("occurredAt", row.occurredAt().toString());
        map.put("commandId", row.commandId());
        map.put("correlationId", row.correlationId());
        map.put("causationId", row.causationId());
        map.put("clientId", row.clientId());
        map.put("data", parse(row.payloadJson()));
        return map;
    }

    private Object parse(String text) {
        try {
            return json.readValue(text, JSON_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException("the read model holds JSON it cannot read", e);
        }
    }
}
