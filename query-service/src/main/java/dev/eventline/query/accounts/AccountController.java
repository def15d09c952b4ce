package dev.eventline.query.accounts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import dev.eventline.http.security.Identifiers;
import dev.eventline.http.security.Roles;
import dev.eventline.query.access.Caller;
import dev.eventline.query.database.ReadModelDatabase;
import dev.eventline.query.freshness.ReadModelChanges;
import dev.eventline.query.freshness.ReadYourWrites;
import dev.eventline.query.http.ConditionalAnswers;
import dev.eventline.query.http.WaitParameter;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Accounts as dashboards read them: one, a filtered page, an account's money movements. */
@Tag(name = "accounts", description = "accounts, lists with keyset cursors, transactions; ETag/304, Eventline-Position, long-poll")
@Controller("/v1/accounts")
@Secured({Roles.QUERIES_READ, Roles.DASHBOARD, Roles.AUDITOR}) // reading needs a reading role (docs/security.md)
public class AccountController {

    private final AccountRepository accounts;
    private final AccountTransactionRepository transactions;
    private final AccountSearch search;
    private final ReadModelDatabase database;
    private final ReadYourWrites readYourWrites;
    private final ReadModelChanges changes;
    private final ConditionalAnswers conditional;
    private final Scheduler blocking;
    private final Duration maxWait;
    private final int defaultPageSize;
    private final int maxPageSize;

    public AccountController(AccountRepository accounts, AccountTransactionRepository transactions, AccountSearch search,
                             ReadModelDatabase database, ReadYourWrites readYourWrites, ReadModelChanges changes,
                             ConditionalAnswers conditional, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                             @Value("${eventline.query.max-wait:30s}") Duration maxWait,
                             @Value("${eventline.query.default-page-size:50}") int defaultPageSize,
                             @Value("${eventline.query.max-page-size:500}") int maxPageSize) {
        this.accounts = accounts;
        this.transactions = transactions;
        this.search = search;
        this.database = database;
        this.readYourWrites = readYourWrites;
        this.changes = changes;
        this.conditional = conditional;
        this.blocking = Schedulers.fromExecutorService(blocking);
        this.maxWait = maxWait;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    /**
     * One account. With {@code If-None-Match} and a wait ({@code ?wait=} or {@code Prefer: wait=}),
     * a long-poll: the answer comes as soon as the account's version changes, or 304 at the end.
     */
    @Get("/{id}")
    public Mono<MutableHttpResponse<?>> account(HttpRequest<?> request, @PathVariable String id, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        Identifiers.require("id", id);
        Duration wait = WaitParameter.of(request, maxWait);
        return Mono.fromCallable(() -> {
            readYourWrites.await(request, caller);
            return read(caller, id);
        }).subscribeOn(blocking).flatMap(account -> {
            String etag = ConditionalAnswers.tagOf(account.version(), null);
            if (!ConditionalAnswers.alreadyHas(request, etag) || wait.isZero()) {
                return Mono.just(conditional.answer(request, account.toMap(), etag, account.updatedAt()));
            }
            Mono<MutableHttpResponse<?>> changed = changes.changes()
                    .concatMap(generation -> Mono.fromCallable(() -> read(caller, id)).subscribeOn(blocking))
                    .filter(now -> now.version() != account.version())
                    .next()
                    .map(now -> conditional.ok(now.toMap(), ConditionalAnswers.tagOf(now.version(), null), now.updatedAt()));
            return changed.timeout(wait, Mono.fromSupplier(() -> conditional.notModified(etag, account.updatedAt())));
        });
    }

    private Account read(Caller caller, String id) {
        Optional<Account> account = database.read(() -> accounts.findById(id));
        if (account.isEmpty() || !caller.mayRead(account.get().owner())) {
            throw Caller.notFound("account", id);
        }
        return account.get();
    }

    /**
     * A page of the caller's accounts, filtered, sorted and cut by a cursor.
     * Filters {@code owner, status, currency, minBalance, maxBalance};
     * {@code sort=id|balance|openedAt} (a leading '-' for descending); {@code limit} up to the
     * configured max-page-size (500); {@code cursor} from the previous page's {@code next};
     * {@code fields=id,balance,...} to select fields. A client sees only its own accounts.
     */
    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    public MutableHttpResponse<?> list(HttpRequest<?> request, Authentication authentication,
                                       @QueryValue @Nullable String owner, @QueryValue @Nullable String status,
                                       @QueryValue @Nullable String currency, @QueryValue @Nullable String minBalance,
                                       @QueryValue @Nullable String maxBalance, @QueryValue @Nullable String sort,
                                       @QueryValue @Nullable String limit, @QueryValue @Nullable String cursor,
                                       @QueryValue @Nullable String fields) {
        Caller caller = Caller.of(authentication);
        int size = pageSize(limit);
        List<String> selected = selectedFields(fields);
        AccountSearch.Filter filter = new AccountSearch.Filter(owner, status, currency, longParameter("minBalance", minBalance),
                longParameter("maxBalance", maxBalance));
        if (!caller.seesEverything()) {
            if (owner != null && !owner.equals(caller.clientId())) {
                throw AccountSearch.invalid("owner", "a client lists its own accounts only; leave owner out or give " + caller.clientId());
            }
            filter = new AccountSearch.Filter(caller.clientId(), status, currency, filter.minBalance(), filter.maxBalance());
        }
        readYourWrites.await(request, caller);
        AccountSearch.Filter chosen = filter;
        AccountSearch.Page page = database.read(() -> search.search(chosen, sort, size, cursor));
        List<Map<String, Object>> items = new ArrayList<>();
        StringBuilder shown = new StringBuilder(String.join(",", selected)).append('|');
        for (Account account : page.accounts()) {
            items.add(select(account.toMap(), selected));
            shown.append(account.id()).append('@').append(account.version()).append(',');
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("next", page.next());
        shown.append('|').append(page.next());
        MutableHttpResponse<?> response = conditional.answer(request, body, ConditionalAnswers.weakTagOf(shown.toString()), null);
        if (page.next() != null) {
            response.header("Link", "<" + nextLink(request, page.next()) + ">; rel=\"next\"");
        }
        return response;
    }

    /** Newest first; {@code before} (a version, the previous page's {@code next}) and {@code limit}. */
    @Get("/{id}/transactions")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public MutableHttpResponse<?> transactions(HttpRequest<?> request, Authentication authentication, @PathVariable String id,
                                               @QueryValue @Nullable String before, @QueryValue @Nullable String limit) {
        Caller caller = Caller.of(authentication);
        Identifiers.require("id", id);
        int size = pageSize(limit);
        readYourWrites.await(request, caller);
        Account account = read(caller, id);
        Long beforeVersion = longParameter("before", before);
        long from = beforeVersion == null ? Long.MAX_VALUE : beforeVersion;
        List<AccountTransaction> rows = database.read(() -> transactions.findPage(id, from, size + 1));
        List<Map<String, Object>> items = new ArrayList<>();
        for (AccountTransaction row : rows.subList(0, Math.min(size, rows.size()))) {
            items.add(row.toMap());
        }
        Long next = rows.size() > size ? rows.get(size - 1).key().version() : null;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", id);
        body.put("items", items);
        body.put("next", next == null ? null : String.valueOf(next));
        String etag = ConditionalAnswers.weakTagOf(id + "@" + account.version() + "|" + from + "|" + size);
        return conditional.answer(request, body, etag, account.updatedAt());
    }

    private int pageSize(@Nullable String limit) {
        if (limit == null) {
            return defaultPageSize;
        }
        Long size = longParameter("limit", limit);
        if (size < 1 || size > maxPageSize) {
            throw AccountSearch.invalid("limit", "limit must be between 1 and " + maxPageSize + ", got " + size);
        }
        return size.intValue();
    }

    private static Long longParameter(String name, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw AccountSearch.invalid(name, name + " must be a whole number");
        }
    }

    private static List<String> selectedFields(@Nullable String fields) {
        if (fields == null || fields.isBlank()) {
            return Account.FIELDS;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String field : fields.split(",")) {
            String name = field.trim();
            if (!Account.FIELDS.contains(name)) {
                throw AccountSearch.invalid("fields", "unknown field; fields are " + Account.FIELDS);
            }
            chosen.add(name);
        }
        return List.copyOf(chosen);
    }

    private static Map<String, Object> select(Map<String, Object> all, List<String> fields) {
        if (fields.size() == all.size()) {
            return all;
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        fields.forEach(f -> selected.put(f, all.get(f)));
        return selected;
    }

    private static String nextLink(HttpRequest<?> request, String cursor) {
        StringBuilder link = new StringBuilder(request.getPath()).append("?");
        request.getParameters().forEach((name, values) -> {
            if (!name.equals("cursor")) {
                values.forEach(v -> link.append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)).append('&'));
            }
        });
        return link.append("cursor=").append(cursor).toString();
    }
}
