package dev.eventline.ledger.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.eventline.domain.Decider;
import dev.eventline.domain.Domains;
import dev.eventline.ledger.AccountState;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.TransferState;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Withdrawn;
import dev.eventline.projection.core.ProjectedRecord;
import dev.eventline.projection.core.Projection;
import dev.eventline.schemas.envelope.EventMetadata;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecord;

/**
 * Accounts, their money movements, and transfers with their steps, folded with the ledger's own
 * deciders, so a read model is the fold the platform decides with. A batch loads the rows it
 * touches once, folds in memory, and writes each row once; an event at or below a row's version
 * changes nothing.
 */
public class LedgerProjection implements Projection {

    private static final Decider<SpecificRecord, SpecificRecord, AccountState> ACCOUNTS = LedgerModule.ACCOUNTS.decider();
    private static final Decider<SpecificRecord, SpecificRecord, TransferState> TRANSFERS = LedgerModule.TRANSFERS.decider();

    record AccountRow(String id, AccountState state, long version, Instant openedAt, Instant updatedAt) {
    }

    record TransferRow(String id, TransferState state, long version, Instant requestedAt, Instant updatedAt) {
    }

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String migrations() {
        return "classpath:db/projections/ledger";
    }

    @Override
    public List<Topic<String, ? extends SpecificRecord>> topics(EventlineTopics topics, Domains domains) {
        return List.of(topics.events(LedgerModule.ACCOUNT), topics.events(LedgerModule.TRANSFER));
    }

    @Override
    public void apply(Connection connection, List<ProjectedRecord> records) throws SQLException {
        List<ProjectedRecord> accountEvents = new ArrayList<>();
        List<ProjectedRecord> transferEvents = new ArrayList<>();
        for (ProjectedRecord record : records) {
            String type = record.eventMetadata().getAggregateType();
            if (LedgerModule.ACCOUNT.equals(type)) {
                accountEvents.add(record);
            } else if (LedgerModule.TRANSFER.equals(type)) {
                transferEvents.add(record);
            } else {
                throw new IllegalArgumentException("not a ledger event: " + type);
            }
        }
        if (!accountEvents.isEmpty()) {
            applyAccounts(connection, accountEvents);
        }
        if (!transferEvents.isEmpty()) {
            applyTransfers(connection, transferEvents);
        }
    }

    private void applyAccounts(Connection connection, List<ProjectedRecord> events) throws SQLException {
        Map<String, AccountRow> rows = loadAccounts(connection, events.stream().map(e -> e.eventMetadata().getAggregateId()).distinct().toList());
        Map<String, AccountRow> changed = new LinkedHashMap<>();
        try (PreparedStatement movements = connection.prepareStatement("insert into account_transactions (account_id, version, event_id, kind, "
                + "amount, balance_after, transfer_id, command_id, occurred_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            for (ProjectedRecord event : events) {
                EventMetadata metadata = event.eventMetadata();
                AccountRow row = rows.getOrDefault(metadata.getAggregateId(),
                        new AccountRow(metadata.getAggregateId(), ACCOUNTS.initialState(), 0, metadata.getOccurredAt(), metadata.getOccurredAt()));
                if (metadata.getVersion() <= row.version()) {
                    continue; // applied already
                }
                AccountState state = ACCOUNTS.evolve(row.state(), event.payload());
                row = new AccountRow(row.id(), state, metadata.getVersion(), row.version() == 0 ? metadata.getOccurredAt() : row.openedAt(),
                        metadata.getOccurredAt());
                rows.put(row.id(), row);
                changed.put(row.id(), row);
                SpecificRecord payload = event.payload();
                if (payload instanceof Deposited deposited) {
                    movement(movements, metadata, "DEPOSIT", deposited.getAmount(), state.balance(), deposited.getTransferId());
                } else if (payload instanceof Withdrawn withdrawn) {
                    movement(movements, metadata, "WITHDRAWAL", withdrawn.getAmount(), state.balance(), withdrawn.getTransferId());
                }
            }
            movements.executeBatch();
        }
        try (PreparedStatement upsert = connection.prepareStatement("insert into accounts (id, owner, currency, balance, status, version, "
                + "opened_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do update set owner = excluded.owner, "
                + "currency = excluded.currency, balance = excluded.balance, status = excluded.status, version = excluded.version, "
                + "updated_at = excluded.updated_at where accounts.version < excluded.version")) {
            for (AccountRow row : changed.values()) {
                upsert.setString(1, row.id());
                upsert.setString(2, row.state().owner());
                upsert.setString(3, row.state().currency());
                upsert.setLong(4, row.state().balance());
                upsert.setString(5, row.state().status().name());
                upsert.setLong(6, row.version());
                upsert.setTimestamp(7, Timestamp.from(row.openedAt()));
                upsert.setTimestamp(8, Timestamp.from(row.updatedAt()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static void movement(PreparedStatement insert, EventMetadata metadata, String kind, long amount, long balanceAfter, String transferId)
            throws SQLException {
        insert.setString(1, metadata.getAggregateId());
        insert.setLong(2, metadata.getVersion());
        insert.setObject(3, UUID.fromString(metadata.getEventId()));
        insert.setString(4, kind);
        insert.setLong(5, amount);
        insert.setLong(6, balanceAfter);
        insert.setString(7, transferId);
        insert.setString(8, metadata.getCommandId());
        insert.setTimestamp(9, Timestamp.from(metadata.getOccurredAt()));
        insert.addBatch();
    }

    private static Map<String, AccountRow> loadAccounts(Connection connection, List<String> ids) throws SQLException {
        Map<String, AccountRow> rows = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select id, owner, currency, balance, status, version, opened_at, updated_at "
                + "from accounts where id = any(?)")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new AccountRow(rs.getString(1),
                            new AccountState(AccountState.Status.valueOf(rs.getString(5)), rs.getString(2), rs.getString(3), rs.getLong(4)),
                            rs.getLong(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()));
                }
            }
        }
        return rows;
    }

    private void applyTransfers(Connection connection, List<ProjectedRecord> events) throws SQLException {
        Map<String, TransferRow> rows = loadTransfers(connection, events.stream().map(e -> e.eventMetadata().getAggregateId()).distinct().toList());
        Map<String, TransferRow> changed = new LinkedHashMap<>();
        try (PreparedStatement steps = connection.prepareStatement("insert into transfer_steps (transfer_id, version, step, event_id, occurred_at) "
                + "values (?, ?, ?, ?, ?) on conflict do nothing")) {
            for (ProjectedRecord event : events) {
                EventMetadata metadata = event.eventMetadata();
                TransferRow row = rows.getOrDefault(metadata.getAggregateId(),
                        new TransferRow(metadata.getAggregateId(), TRANSFERS.initialState(), 0, metadata.getOccurredAt(), metadata.getOccurredAt()));
                if (metadata.getVersion() <= row.version()) {
                    continue;
                }
                TransferState state = TRANSFERS.evolve(row.state(), event.payload());
                row = new TransferRow(row.id(), state, metadata.getVersion(), row.version() == 0 ? metadata.getOccurredAt() : row.requestedAt(),
                        metadata.getOccurredAt());
                rows.put(row.id(), row);
                changed.put(row.id(), row);
                steps.setString(1, row.id());
                steps.setLong(2, metadata.getVersion());
                steps.setString(3, event.payload().getSchema().getName());
                steps.setObject(4, UUID.fromString(metadata.getEventId()));
                steps.setTimestamp(5, Timestamp.from(metadata.getOccurredAt()));
                steps.addBatch();
            }
            steps.executeBatch();
        }
        try (PreparedStatement upsert = connection.prepareStatement("insert into transfers (id, from_account, to_account, amount, currency, status, "
                + "requested_by, failure_code, failure_reason, version, requested_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (id) do update set currency = excluded.currency, status = excluded.status, failure_code = excluded.failure_code, "
                + "failure_reason = excluded.failure_reason, version = excluded.version, updated_at = excluded.updated_at "
                + "where transfers.version < excluded.version")) {
            for (TransferRow row : changed.values()) {
                TransferState s = row.state();
                upsert.setString(1, row.id());
                upsert.setString(2, s.from());
                upsert.setString(3, s.to());
                upsert.setLong(4, s.amount());
                upsert.setString(5, s.currency());
                upsert.setString(6, s.status().name());
                upsert.setString(7, s.requestedBy());
                upsert.setString(8, s.failureCode());
                upsert.setString(9, s.failureReason());
                upsert.setLong(10, row.version());
                upsert.setTimestamp(11, Timestamp.from(row.requestedAt()));
                upsert.setTimestamp(12, Timestamp.from(row.updatedAt()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static Map<String, TransferRow> loadTransfers(Connection connection, List<String> ids) throws SQLException {
        Map<String, TransferRow> rows = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select id, from_account, to_account, amount, currency, status, requested_by, "
                + "failure_code, failure_reason, version, requested_at, updated_at from transfers where id = any(?)")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new TransferRow(rs.getString(1), new TransferState(TransferState.Status.valueOf(rs.getString(6)),
                            rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(7), rs.getString(8), rs.getString(9)),
                            rs.getLong(10), rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant()));
                }
            }
        }
        return rows;
    }
}
