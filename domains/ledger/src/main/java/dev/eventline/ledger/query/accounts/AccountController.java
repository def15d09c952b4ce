package dev.eventline.ledger.query.accounts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * Accounts as dashboards read them: one, a filtered page, an account's money movements. The
 * ledger's routes have their own OpenAPI document, served beside the platform's.
 */
@OpenAPIDefinition(
        info = @Info(title = "Eventline Ledger API", version = "1", description = "The ledger domain's own read routes, beside the "
                + "generic /v1/aggregates ones: accounts, transactions, transfers, account live streams. Errors are RFC 9457 problem documents."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "RS256 JWT, as for every Eventline route (the query API's document describes it)")
@Tag(name = "accounts", description = "accounts, lists with keyset cursors, transactions; ETag/304, Eventline-Position, long-poll")
@Controller("/v1/accounts")
@Secured({Roles.QUERIES_READ, Roles.DASHBOARD, Roles.AUDITOR}) // reading needs a reading role (docs/security.md)
public class AccountController {

    private static final LongPoll.View<Account> VIEW = new LongPoll.View<>(Account::version, Account::toMap, Account::updatedAt);

    private final AccountRepository accounts;
    private final AccountTransactionRepository transactions;
    private final AccountSearch search;
    private final ReadModelDatabase database;
    private final ReadYourWrites readYourWrites;
    private final ConditionalAnswers conditional;
    private final LongPoll longPoll;
    private final Duration maxWait;
    private final ListParameters lists;

    public AccountController(AccountRepository accounts, AccountTransactionRepository transactions, AccountSearch search,
                             ReadModelDatabase database, ReadYourWrites readYourWrites, ConditionalAnswers conditional,
                             LongPoll longPoll, ListParameters lists, @Value("${eventline.query.max-wait:30s}") Duration maxWait) {
        this.accounts = accounts;
        this.transactions = transactions;
        this.search = search;
        this.database = database;
        this.readYourWrites = readYourWrites;
        this.conditional = conditional;
        this.longPoll = longPoll;
        this.maxWait = maxWait;
        this.lists = lists;
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
        return longPoll.answer(request, wait, () -> {
            readYourWrites.await(request, caller);
            return read(caller, id);
        }, () -> read(caller, id), VIEW);
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
        int size = lists.pageSize(limit);
        List<String> selected = ListParameters.fields(fields, Account.FIELDS);
        AccountSearch.Filter filter = new AccountSearch.Filter(owner, status, currency, ListParameters.optionalWholeNumber("minBalance", minBalance),
                ListParameters.optionalWholeNumber("maxBalance", maxBalance));
        if (!caller.seesEverything()) {
            if (owner != null && !owner.equals(caller.clientId())) {
                throw ListParameters.invalid("owner", "a client lists its own accounts only; leave owner out or give " + caller.clientId());
            }
            filter = new AccountSearch.Filter(caller.clientId(), status, currency, filter.minBalance(), filter.maxBalance());
        }
        readYourWrites.await(request, caller);
        AccountSearch.Filter chosen = filter;
        AccountSearch.Page page = database.read(() -> search.search(chosen, sort, size, cursor));
        List<Map<String, Object>> items = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (Account account : page.accounts()) {
            items.add(ListParameters.select(account.toMap(), selected));
            rows.add(account.id() + "@" + account.version());
        }
        return conditional.page(request, selected, items, rows, page.next());
    }

    /** Newest first; {@code before} (a version, the previous page's {@code next}) and {@code limit}. */
    @Get("/{id}/transactions")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public MutableHttpResponse<?> transactions(HttpRequest<?> request, Authentication authentication, @PathVariable String id,
                                               @QueryValue @Nullable String before, @QueryValue @Nullable String limit) {
        Caller caller = Caller.of(authentication);
        Identifiers.require("id", id);
        int size = lists.pageSize(limit);
        readYourWrites.await(request, caller);
        Account account = read(caller, id);
        Long beforeVersion = ListParameters.optionalWholeNumber("before", before);
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
}
