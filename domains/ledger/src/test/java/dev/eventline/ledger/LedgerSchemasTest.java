package dev.eventline.ledger;

import java.util.List;

import dev.eventline.domain.StoredSchemasContract;
import org.apache.avro.Schema;

/**
 * The ledger's stored records under the evolution gate (domains/ledger/released); after a
 * compatible change, {@code ./mvnw -q -pl domains/ledger test-compile exec:java@release-schemas}
 * releases it, then commit the new files.
 */
class LedgerSchemasTest extends StoredSchemasContract {

    @Override
    protected List<Schema> stored() {
        return LedgerRecords.STORED;
    }

    public static void main(String[] args) {
        release(LedgerRecords.STORED, args);
    }
}
