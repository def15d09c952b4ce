package dev.eventline.ledger.query.transfers;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of the ledger's {@code transfers} read model. */
@MappedEntity("transfers")
public record Transfer(@Id String id, String fromAccount, String toAccount, long amount, @Nullable String currency, String status,
                       String requestedBy, @Nullable String failureCode, @Nullable String failureReason, long version,
                       Instant requestedAt, Instant updatedAt) {

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("fromAccount", fromAccount);
        map.put("toAccount", toAccount);
        map.put("amount", amount);
        map.put("currency", currency);
        map.put("status", status);
        map.put("requestedBy", requestedBy);
        map.put("failureCode", failureCode);
        map.put("failureReason", failureReason);
        map.put("version", version);
        map.put("requestedAt", requestedAt.toString());
        map.put("updatedAt", updatedAt.toString());
        return map;
    }
}
