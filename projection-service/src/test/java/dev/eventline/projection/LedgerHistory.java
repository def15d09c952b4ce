package dev.eventline.projection;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.eventline.ledger.AccountState;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.TransferState;
import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.AccountFrozen;
import dev.eventline.ledger.account.AccountOpened;
import dev.eventline.ledger.account.AccountUnfrozen;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Withdrawn;
import dev.eventline.ledger.transfer.TransferCompleted;
import dev.eventline.ledger.transfer.TransferCredited;
import dev.eventline.ledger.transfer.TransferDebited;
import dev.eventline.ledger.transfer.TransferEvent;
import dev.eventline.ledger.transfer.TransferRequested;
import dev.eventline.schemas.chain.HashChain;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.envelope.EventMetadata;
import org.apache.avro.specific.SpecificRecord;

/**
 * A known, valid ledger history to project (each aggregate's events sealed into their hash chain):
 * accounts with deposits, withdrawals, freezes; transfers
 * through their steps; and the command results the platform would write, including rate-limit
 * refusals before a decision and retries answered again. Keeps the expected fold, computed with
 * the domain's deciders, and the expected per-client counts.
 */
public final class LedgerHistory {

    /** A record to produce: topic kind ("account", "transfer", "results"), key, value. */
    public record Entry(String kind, String key, SpecificRecord value) {
    }

    private final Random random;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, AccountState> accounts = new LinkedHashMap<>();
    private final Map<String, Long> accountVersions = new HashMap<>();
    private final Map<String, TransferState> transfers = new LinkedHashMap<>();
    private final Map<String, Long> transferVersions = new HashMap<>();
    private final Map<String, Long> acceptedByClient = new HashMap<>();
    private final Map<String, Long> rateLimitedByClient = new HashMap<>();
    private final Map<String, Long> moneyEvents = new HashMap<>();
    /** Each aggregate's last hash: the events are sealed into their chains, as the decide stage seals them. */
    private final Map<String, byte[]> lastHash = new HashMap<>();
    private int commands;
    private long events;

    public LedgerHistory(long seed, String prefix, int accountCount, int stepsPerAccount, int transferCount) {
        this.random = new Random(seed);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accountCount; i++) {
            String id = prefix + "acc-" + i;
            ids.add(id);
            account(id, "client-" + (i % 5), new AccountOpened("client-" + (i % 5), "EUR"));
        }
        for (int step = 0; step < stepsPerAccount; step++) {
            for (String id : ids) {
                AccountState state = accounts.get(id);
                int dice = random.nextInt(20);
                if (state.status() == AccountState.Status.FROZEN) {
                    account(id, state.owner(), new AccountUnfrozen());
                } else if (dice == 0) {
                    account(id, state.owner(), new AccountFrozen("audit"));
                } else if (dice < 8 && state.balance() > 0) {
                    account(id, state.owner(), new Withdrawn(1 + (long) random.nextInt((int) Math.min(state.balance(), 500)), null));
                } else {
                    account(id, state.owner(), new Deposited(1 + (long) random.nextInt(1000), null));
                }
            }
        }
        for (int t = 0; t < transferCount; t++) {
            String id = prefix + "tr-" + t;
            String from = ids.get(random.nextInt(ids.size()));
            String to = ids.get(random.nextInt(ids.size()));
            transfer(id, new TransferRequested(from, to, 1 + (long) random.nextInt(100), accounts.get(from).owner(), null, false));
            transfer(id, new TransferDebited("EUR"));
            transfer(id, new TransferCredited());
            transfer(id, new TransferCompleted());
        }
    }

    private void account(String id, String client, SpecificRecord event) {
        long version = accountVersions.merge(id, 1L, Long::sum);
        AccountState before = accounts.getOrDefault(id, AccountState.NONE);
        accounts.put(id, LedgerModule.ACCOUNTS.decider().evolve(before, event));
        if (event instanceof Deposited || event instanceof Withdrawn) {
            moneyEvents.merge(id, 1L, Long::sum);
        }
        String commandId = UUID.randomUUID().toString();
        EventMetadata metadata = metadata(LedgerModule.ACCOUNT, id, version, commandId, client);
        entries.add(new Entry(LedgerModule.ACCOUNT, id, sealed(LedgerModule.ACCOUNT, id, new AccountEvent(metadata, event))));
        result(LedgerModule.ACCOUNT, id, commandId, client, version, metadata.getEventId());
    }

    private void transfer(String id, SpecificRecord event) {
        TransferState before = transfers.getOrDefault(id, TransferState.NONE);
        long version = transferVersions.merge(id, 1L, Long::sum);
        transfers.put(id, LedgerModule.TRANSFERS.decider().evolve(before, event));
        EventMetadata metadata = metadata(LedgerModule.TRANSFER, id, version, UUID.randomUUID().toString(), "eventline");
        entries.add(new Entry(LedgerModule.TRANSFER, id, sealed(LedgerModule.TRANSFER, id, new TransferEvent(metadata, event))));
    }

    private <E extends SpecificRecord> E sealed(String type, String id, E envelope) {
        lastHash.put(type + "/" + id, HashChain.seal(envelope, lastHash.getOrDefault(type + "/" + id, HashChain.genesis())));
        return envelope;
    }

    /** The outcome as the platform writes it: sometimes refused for rate first, sometimes repeated for a retry. */
    private void result(String type, String id, String commandId, String client, long version, String eventId) {
        commands++;
        if (random.nextInt(10) == 0) {
            entries.add(new Entry("results", commandId, result(type, id, commandId, client, CommandStatus.RATE_LIMITED, null, List.of())));
            rateLimitedByClient.merge(client, 1L, Long::sum);
        }
        CommandResult accepted = result(type, id, commandId, client, CommandStatus.ACCEPTED, version, List.of(eventId));
        entries.add(new Entry("results", commandId, accepted));
        acceptedByClient.merge(client, 1L, Long::sum);
        if (random.nextInt(10) == 0) {
            entries.add(new Entry("results", commandId, accepted));
        }
    }

    private static CommandResult result(String type, String id, String commandId, String client, CommandStatus status, Long version,
                                        List<String> eventIds) {
        return CommandResult.newBuilder().setCommandId(commandId).setAggregateType(type).setAggregateId(id).setCommandType("Test")
                .setClientId(client).setCorrelationId(commandId).setIdempotencyKey(commandId).setStatus(status).setVersion(version)
                .setEventIds(eventIds).setRetryAfterMillis(status == CommandStatus.RATE_LIMITED ? 100L : null)
                .setPosition(version == null ? null : type + "/" + id + "@" + version).setDecidedAt(Instant.now()).build();
    }

    private EventMetadata metadata(String type, String id, long version, String commandId, String client) {
        events++;
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setAggregateType(type).setAggregateId(id)
                .setVersion(version).setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L + events)).setCommandId(commandId)
                .setCorrelationId(commandId).setCausationId(commandId).setClientId(client)
                .setPrevHash(ByteBuffer.wrap(new byte[32])).setHash(ByteBuffer.wrap(new byte[32])).build();
    }

    public List<Entry> entries() {
        return entries;
    }

    public Map<String, AccountState> accounts() {
        return accounts;
    }

    public Map<String, Long> accountVersions() {
        return accountVersions;
    }

    public Map<String, TransferState> transfers() {
        return transfers;
    }

    public Map<String, Long> moneyEvents() {
        return moneyEvents;
    }

    public Map<String, Long> acceptedByClient() {
        return acceptedByClient;
    }

    public Map<String, Long> rateLimitedByClient() {
        return rateLimitedByClient;
    }

    public int commands() {
        return commands;
    }

    public long events() {
        return events;
    }
}
