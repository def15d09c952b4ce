package dev.eventline.ledger;

import java.util.List;

import dev.eventline.ledger.account.AccountCommand;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.transfer.TransferCommand;
import dev.eventline.ledger.transfer.TransferEvent;
import org.apache.avro.Schema;

/** The ledger domain's envelopes as stored on topics; their nested types evolve with them. */
public final class LedgerRecords {

    public static final List<Schema> STORED = List.of(
            AccountEvent.getClassSchema(),
            AccountCommand.getClassSchema(),
            TransferEvent.getClassSchema(),
            TransferCommand.getClassSchema());

    private LedgerRecords() {
    }
}
