package dev.eventline.ledger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.DomainModule;
import dev.eventline.ledger.account.AccountCommand;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.Close;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.ledger.account.Freeze;
import dev.eventline.ledger.account.OpenAccount;
import dev.eventline.ledger.account.Unfreeze;
import dev.eventline.ledger.account.Withdraw;
import dev.eventline.ledger.transfer.RequestTransfer;
import dev.eventline.ledger.transfer.TransferCommand;
import dev.eventline.ledger.transfer.TransferEvent;
import org.apache.avro.specific.SpecificRecord;

/** The reference domain: accounts and transfers between them. */
public final class LedgerModule implements DomainModule {

    public static final String ACCOUNT = "account";
    public static final String TRANSFER = "transfer";

    public static final AggregateType<SpecificRecord, SpecificRecord, AccountState> ACCOUNTS = new AggregateType<>(
            ACCOUNT, new AccountDecider(),
            Map.of("OpenAccount", OpenAccount.class, "Deposit", Deposit.class, "Withdraw", Withdraw.class,
                    "Freeze", Freeze.class, "Unfreeze", Unfreeze.class, "Close", Close.class),
            AccountCommand.class, AccountEvent.class, Optional.empty());

    public static final AggregateType<SpecificRecord, SpecificRecord, TransferState> TRANSFERS = new AggregateType<>(
            TRANSFER, new TransferDecider(),
            Map.of("RequestTransfer", RequestTransfer.class),
            TransferCommand.class, TransferEvent.class, Optional.of(new TransferProcess()));

    @Override
    public List<AggregateType<?, ?, ?>> aggregateTypes() {
        return List.of(ACCOUNTS, TRANSFERS);
    }
}
