package dev.eventline.command.decide;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.domain.ledger.AccountDecider;
import dev.eventline.domain.ledger.AccountState;
import dev.eventline.domain.ledger.LedgerModule;
import dev.eventline.domain.ledger.TransferDecider;
import dev.eventline.domain.ledger.TransferState;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Withdrawn;
import dev.eventline.ledger.transfer.RecordCredit;
import dev.eventline.ledger.transfer.RecordDebit;
import dev.eventline.ledger.transfer.RecordRefund;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.Envelopes;
import org.apache.avro.specific.SpecificRecord;

/**
 * The decide stage's own {@link DecideCore} over a commands topic kept in memory: command records
 * wait in a pool and are delivered in random order, sometimes twice (a redelivery after a crash);
 * what the core emits is kept (events, outcomes) or put back in the pool (the commands a process
 * manager issues and the targets' answers), exactly as the topology routes them. The books below
 * are folds of the emitted events, as any reader of the log would keep them.
 */
final class DecideSimulation {

    private final Map<String, byte[]> aggregates = new HashMap<>();
    private final Map<String, CommandResult> outcomes = new HashMap<>();
    private final DecideCore core = new DecideCore(Domains.discover(),
            DecideCore.Stores.of(aggregates::get, aggregates::put, outcomes::get, outcomes::put));
    private final Domains domains = Domains.discover();
    private final AccountDecider accountDecider = new AccountDecider();
    private final TransferDecider transferDecider = new TransferDecider();
    private final List<SpecificRecord> pool = new ArrayList<>();
    private final Random random;
    private final double duplicateRate;
    private int sequence;

    final Map<String, AccountState> accounts = new LinkedHashMap<>();
    final Map<String, TransferState> transfers = new LinkedHashMap<>();
    final Map<String, List<SpecificRecord>> accountEvents = new LinkedHashMap<>();
    int duplicatesDelivered;

    DecideSimulation(Random random, double duplicateRate) {
        this.random = random;
        this.duplicateRate = duplicateRate;
    }

    /** A client's command, as the command service's edge writes it to the commands topic. */
    void submit(String aggregateType, String aggregateId, SpecificRecord payload, String clientId) {
        AggregateType<?, ?, ?> type = domains.find(aggregateType).orElseThrow();
        String commandId = "client-" + sequence++;
        CommandMetadata metadata = CommandMetadata.newBuilder().setCommandId(commandId).setAggregateType(aggregateType)
                .setAggregateId(aggregateId).setCommandType(payload.getSchema().getName()).setIdempotencyKey(commandId)
                .setPayloadHash(ByteBuffer.wrap(new byte[32])).setClientId(clientId).setRoles(List.of("commands:write"))
                .setCorrelationId(commandId).setCausationId(commandId).setReceivedAt(Instant.EPOCH).build();
        pool.add(Envelopes.wrap(type.commandEnvelope(), metadata, payload));
    }

    boolean idle() {
        return pool.isEmpty();
    }

    /** Delivers one waiting record, chosen at random; may leave a copy behind to be delivered again. */
    void deliverOne() {
        SpecificRecord envelope = pool.remove(random.nextInt(pool.size()));
        if (random.nextDouble() < duplicateRate) {
            pool.add(envelope);
        }
        CommandMetadata metadata = Envelopes.commandMetadata(envelope);
        if (outcomes.containsKey(metadata.getCommandId())) {
            duplicatesDelivered++;
        }
        DecideCore.Decided decided = core.handle(metadata, Envelopes.payload(envelope), Instant.EPOCH);
        if (decided.defect() != null) {
            throw new AssertionError("a decider failed on " + metadata.getCommandId(), decided.defect());
        }
        for (DecideCore.Output out : decided.outputs()) {
            if (out.emitted() instanceof Emitted.Command command) {
                pool.add(command.envelope());
            } else if (out.emitted() instanceof Emitted.Event event) {
                fold(event.aggregateType(), Envelopes.eventMetadata(event.envelope()).getAggregateId(), (SpecificRecord) Envelopes.payload(event.envelope()));
            }
        }
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
        Set<String> counted = new HashSet<>();
        for (SpecificRecord envelope : pool) {
            CommandMetadata metadata = Envelopes.commandMetadata(envelope);
            if (outcomes.containsKey(metadata.getCommandId()) || !counted.add(metadata.getCommandId())) {
                continue;
            }
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
