package dev.eventline.ledger.query.accounts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of the ledger's {@code accounts} read model (the public view of its active version). */
@MappedEntity("accounts")
public record Account(@Id String id, String owner, String currency, long balance, String status, long version,
                      Instant openedAt, Instant updatedAt) {

    /** The fields {@code ?fields=} may select, in the order they are shown. */
    public static final java.util.List<String> FIELDS = java.util.List.of("id", "owner", "currency", "balance", "status", "version",
            "openedAt", "updatedAt");

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("owner", owner);
        map.put("currency", currency);
        map.put("balance", balance);
        map.put("status", status);
        map.put("version", version);
        map.put("openedAt", openedAt.toString());
        map.put("updatedAt", updatedAt.toString());
        return map;
    }
}
