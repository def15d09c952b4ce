package dev.eventline.command.decide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.eventline.ledger.AccountDecider;
import dev.eventline.ledger.AccountState;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.TransferDecider;
import dev.eventline.ledger.TransferState;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Withdrawn;
import dev.eventline.ledger.transfer.RecordCredit;
import dev.eventline.ledger.transfer.RecordDebit;
import dev.eventline.ledger.transfer.RecordRefund;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.Envelopes;
import org.apache.avro.specific.SpecificRecord;

/**
 * The ledger's books over a {@link DecideCoreSimulation}: folds of the emitted events, as any
 * reader of the log would keep them, and the money still in flight.
 */
final class DecideSimulation {

    private final AccountDecider accountDecider = new AccountDecider();
    private final TransferDecider transferDecider = new TransferDecider();
    private final DecideCoreSimulation log;

    final Map<String, AccountState> accounts = new LinkedHashMap<>();
    final Map<String, TransferState> transfers = new LinkedHashMap<>();
    final Map<String, List<SpecificRecord>> accountEvents = new LinkedHashMap<>();

    DecideSimulation(Random random, double duplicateRate) {
        this.log = new DecideCoreSimulation(random, duplicateRate, this::fold);
    }

    /** A client's command, as the command service's edge writes it to the commands topic. */
    void submit(String aggregateType, String aggregateId, SpecificRecord payload, String clientId) {
        log.submit(aggregateType, aggregateId, payload, clientId);
    }

    boolean idle() {
        return log.idle();
    }

    void deliverOne() {
        log.deliverOne();
    }

    int duplicatesDelivered() {
        return log.duplicatesDelivered();
    }

    private void fold(String aggregateType, String aggregateId, SpecificRecord event) {
        if (aggregateType.equals(LedgerModule.ACCOUNT)) {
            accounts.put(aggregateId, accountDecider.evolve(accounts.getOrDefault(aggregateId, AccountState.NONE), event));
            accountEvents.computeIfAbsent(aggregateId, id -> new ArrayList<>()).add(event);
        } else {
            transfers.put(aggregateId, transferDecider.evolve(transfers.getOrDefault(aggregateId, TransferState.NONE), event));
        }
    }

    long balances() {
        return accounts.values().stream().mapToLong(AccountState::balance).sum();
    }

    /** What clients put in and took out: deposits and withdrawals that belong to no transfer. */
    long externalNet() {
        long net = 0;
        for (List<SpecificRecord> events : accountEvents.values()) {
            for (SpecificRecord e : events) {
                if (e instanceof Deposited d && d.getTransferId() == null) {
                    net += d.getAmount();
                } else if (e instanceof Withdrawn w && w.getTransferId() == null) {
                    net -= w.getAmount();
                }
            }
        }
        return net;
    }

    /**
     * Money between the accounts' books and the transfers' books: an accepted debit whose outcome
     * the transfer has not recorded yet has left the source; an accepted credit or refund not yet
     * recorded has already landed.
     */
    long inFlight() {
        long recorded = transfers.values().stream().mapToLong(TransferState::inFlight).sum();
        long unrecorded = 0;
        for (SpecificRecord envelope : log.undecided()) {
            CommandMetadata metadata = Envelopes.commandMetadata(envelope);
            long amount = transfers.getOrDefault(metadata.getAggregateId(), TransferState.NONE).amount();
            Object payload = Envelopes.payload(envelope);
            if (payload instanceof RecordDebit debit && debit.getAccepted()) {
                unrecorded += amount;
            } else if (payload instanceof RecordCredit credit && credit.getAccepted()) {
                unrecorded -= amount;
            } else if (payload instanceof RecordRefund refund && refund.getAccepted()) {
                unrecorded -= amount;
            }
        }
        return recorded + unrecorded;
    }

    /** Sum of the account events' amounts carrying this transfer id: debits negative. */
    Map<String, Long> movements(String transferId) {
        Map<String, Long> byAccount = new LinkedHashMap<>();
        accountEvents.forEach((account, events) -> {
            for (SpecificRecord e : events) {
                if (e instanceof Deposited d && transferId.equals(d.getTransferId())) {
                    byAccount.merge(account, d.getAmount(), Long::sum);
                } else if (e instanceof Withdrawn w && transferId.equals(w.getTransferId())) {
                    byAccount.merge(account, -w.getAmount(), Long::sum);
                }
            }
        });
        byAccount.values().removeIf(v -> v == 0);
        return byAccount;
    }

    int movementCount(String transferId) {
        int n = 0;
        for (List<SpecificRecord> events : accountEvents.values()) {
            for (SpecificRecord e : events) {
                if ((e instanceof Deposited d && transferId.equals(d.getTransferId())) || (e instanceof Withdrawn w && transferId.equals(w.getTransferId()))) {
                    n++;
                }
            }
        }
        return n;
    }
}
