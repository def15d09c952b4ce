package dev.eventline.ledger.query.accounts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** A money movement of an account ({@code account_transactions}), one per balance-changing event. */
@MappedEntity("account_transactions")
public record AccountTransaction(@EmbeddedId Key key, UUID eventId, String kind, long amount, long balanceAfter,
                                 @Nullable String transferId, String commandId, Instant occurredAt) {

    @Embeddable
    public record Key(@MappedProperty("account_id") String accountId, @MappedProperty("version") long version) {
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("accountId", key.accountId());
        map.put("version", key.version());
        map.put("eventId", eventId.toString());
        map.put("kind", kind);
        map.put("amount", amount);
        map.put("balanceAfter", balanceAfter);
        map.put("transferId", transferId);
        map.put("commandId", commandId);
        map.put("occurredAt", occurredAt.toString());
        return map;
    }
}
