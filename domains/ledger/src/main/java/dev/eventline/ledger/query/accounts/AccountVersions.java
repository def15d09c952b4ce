package dev.eventline.ledger.query.accounts;

import java.util.Optional;

import dev.eventline.query.access.Caller;
import dev.eventline.query.freshness.AppliedVersions;
import jakarta.inject.Singleton;

/** Position tokens of accounts are reached when the {@code accounts} row shows the version. */
@Singleton
public class AccountVersions implements AppliedVersions {

    private final AccountRepository accounts;

    public AccountVersions(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public String aggregateType() {
        return "account";
    }

    @Override
    public Optional<Long> versionOf(String aggregateId, Caller reader) {
        return accounts.findVisibleVersion(aggregateId, reader.clientId(), reader.seesEverything());
    }
}
