package dev.eventline.domain.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.eventline.domain.Caller;
import dev.eventline.domain.Command;
import dev.eventline.domain.Decision;
import dev.eventline.domain.ProcessManager.Instruction;
import dev.eventline.domain.ProcessManager.Outcome;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Withdrawn;
import dev.eventline.ledger.transfer.RecordCredit;
import dev.eventline.ledger.transfer.RecordDebit;
import dev.eventline.ledger.transfer.RecordRefund;
import org.apache.avro.specific.SpecificRecord;

/**
 * The platform's routing, in miniature and in memory: commands wait in a pool and are delivered
 * in random order, sometimes twice; a command id seen before is dropped (the decide stage's
 * dedupe); a process manager's instructions and the targets' outcomes travel as further commands
 * with deterministic ids, as the command topology sends them.
 */
final class LedgerSimulator {

    record Message(String commandId, String aggregateType, String aggregateId, SpecificRecord payload, Caller caller,
                   String replyProcessId, TransferProcess.Step replyStep) {
    }

    final Map<String, AccountState> accounts = new LinkedHashMap<>();
    final Map<String, TransferState> transfers = new LinkedHashMap<>();
    final Map<String, List<SpecificRecord>> accountEvents = new LinkedHashMap<>();
    final List<Message> pool = new ArrayList<>();
    private final Set<String> processed = new HashSet<>();
    private final AccountDecider accountDecider = new AccountDecider();
    private final TransferDecider transferDecider = new TransferDecider();
    private final TransferProcess process = new TransferProcess();
    private final Random random;
    private final double duplicateRate;
    private int sequence;
    long externalNet;
    int duplicatesDropped;

    LedgerSimulator(Random random, double duplicateRate) {
        this.random = random;
        this.duplicateRate = duplicateRate;
    }

    void submit(String aggregateType, String aggregateId, SpecificRecord payload, Caller caller) {
        pool.add(new Message("client-" + sequence++, aggregateType, aggregateId, payload, caller, null, null));
    }

    boolean idle() {
        return pool.isEmpty();
    }

    /** Delivers one waiting message, chosen at random; may leave a copy behind to be delivered again. */
    void deliverOne() {
        Message message = pool.remove(random.nextInt(pool.size()));
        if (random.nextDouble() < duplicateRate) {
            pool.add(message);
        }
        if (!processed.add(message.commandId())) {
            duplicatesDropped++;
            return;
        }
        Command<SpecificRecord> command = new Command<>(message.aggregateId(), message.payload(), message.caller(), Instant.EPOCH);
        if (message.aggregateType().equals(LedgerModule.ACCOUNT)) {
            AccountState state = accounts.getOrDefault(message.aggregateId(), AccountState.NONE);
            Decision<SpecificRecord> decision = accountDecider.decide(command, state);
            for (SpecificRecord event : decision.events()) {
                state = accountDecider.evolve(state, event);
                accountEvents.computeIfAbsent(message.aggregateId(), id -> new ArrayList<>()).add(event);
                if (message.replyProcessId() == null) {
                    externalNet += event instanceof Deposited d ? d.getAmount() : event instanceof Withdrawn w ? -w.getAmount() : 0;
                }
            }
            accounts.put(message.aggregateId(), state);
            if (message.replyProcessId() != null) {
                Outcome outcome = decision instanceof Decision.Rejected<SpecificRecord> rejected
                        ? Outcome.rejected(rejected.rejection()) : Outcome.accepted(state);
                SpecificRecord answer = (SpecificRecord) process.onOutcome(message.replyProcessId(), message.replyStep(), outcome);
                pool.add(new Message(LedgerModule.TRANSFER + "/" + message.replyProcessId() + ":" + message.replyStep().name() + ":outcome", LedgerModule.TRANSFER,
                        message.replyProcessId(), answer, Caller.PLATFORM, null, null));
            }
        } else {
            TransferState state = transfers.getOrDefault(message.aggregateId(), TransferState.NONE);
            for (SpecificRecord event : transferDecider.decide(command, state).events()) {
                state = transferDecider.evolve(state, event);
                for (Instruction instruction : process.react(message.aggregateId(), state, event)) {
                    TransferProcess.Step step = (TransferProcess.Step) instruction.purpose();
                    // The decide stage's scheme: <process type>/<process id>:<purpose>.
                    pool.add(new Message(LedgerModule.TRANSFER + "/" + message.aggregateId() + ":" + step.name(), instruction.aggregateType(), instruction.aggregateId(),
                            (SpecificRecord) instruction.payload(), instruction.caller(), message.aggregateId(), step));
                }
            }
            transfers.put(message.aggregateId(), state);
        }
    }

    long balances() {
        return accounts.values().stream().mapToLong(AccountState::balance).sum();
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
        for (Message m : pool) {
            if (processed.contains(m.commandId()) || !counted.add(m.commandId())) {
                continue;
            }
            long amount = transfers.getOrDefault(m.aggregateId(), TransferState.NONE).amount();
            if (m.payload() instanceof RecordDebit debit && debit.getAccepted()) {
                unrecorded += amount;
            } else if (m.payload() instanceof RecordCredit credit && credit.getAccepted()) {
                unrecorded -= amount;
            } else if (m.payload() instanceof RecordRefund refund && refund.getAccepted()) {
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
