package dev.eventline.ledger.query.transfers;

import java.util.Optional;

import dev.eventline.query.access.Caller;
import dev.eventline.query.freshness.AppliedVersions;
import jakarta.inject.Singleton;

/** Position tokens of transfers are reached when the {@code transfers} row shows the version. */
@Singleton
public class TransferVersions implements AppliedVersions {

    private final TransferRepository transfers;

    public TransferVersions(TransferRepository transfers) {
        this.transfers = transfers;
    }

    @Override
    public String aggregateType() {
        return "transfer";
    }

    @Override
    public Optional<Long> versionOf(String aggregateId, Caller reader) {
        return transfers.findVisibleVersion(aggregateId, reader.clientId(), reader.seesEverything());
    }
}
