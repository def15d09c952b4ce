package dev.eventline.ledger.query.transfers;

import java.util.Optional;

import dev.eventline.http.security.Identifiers;
import dev.eventline.http.security.Roles;
import dev.eventline.query.access.Caller;
import dev.eventline.query.database.ReadModelDatabase;
import dev.eventline.query.freshness.ReadYourWrites;
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

/** A transfer, for whoever requested it or owns one of its accounts. */
@Tag(name = "transfers", description = "transfers between accounts")
@Controller("/v1/transfers")
@Secured({Roles.QUERIES_READ, Roles.DASHBOARD, Roles.AUDITOR}) // reading needs a reading role (docs/security.md)
public class TransferController {

    private final TransferRepository transfers;
    private final ReadModelDatabase database;
    private final ReadYourWrites readYourWrites;
    private final ConditionalAnswers conditional;

    public TransferController(TransferRepository transfers, ReadModelDatabase database, ReadYourWrites readYourWrites,
                              ConditionalAnswers conditional) {
        this.transfers = transfers;
        this.database = database;
        this.readYourWrites = readYourWrites;
        this.conditional = conditional;
    }

    @Get("/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public MutableHttpResponse<?> transfer(HttpRequest<?> request, Authentication authentication, @PathVariable String id) {
        Caller caller = Caller.of(authentication);
        Identifiers.require("id", id);
        readYourWrites.await(request, caller);
        Optional<Transfer> found = database.read(() -> transfers.findById(id));
        if (found.isEmpty() || !mayRead(caller, found.get())) {
            throw Caller.notFound("transfer", id);
        }
        Transfer transfer = found.get();
        return conditional.answer(request, transfer.toMap(), ConditionalAnswers.tagOf(transfer.version(), null), transfer.updatedAt());
    }

    private boolean mayRead(Caller caller, Transfer transfer) {
        return caller.seesEverything() || caller.clientId().equals(transfer.requestedBy())
                || database.read(() -> transfers.findOwners(transfer.fromAccount(), transfer.toAccount())).contains(caller.clientId());
    }
}
