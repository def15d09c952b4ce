package dev.eventline.orders;

import java.util.List;

import dev.eventline.domain.StoredSchemasContract;
import dev.eventline.orders.schema.OrderCommand;
import dev.eventline.orders.schema.OrderEvent;
import org.apache.avro.Schema;

/**
 * The orders' stored records (their envelopes) under the evolution gate (domains/orders/released);
 * after a compatible change, {@code ./mvnw -q -pl domains/orders test-compile exec:java@release-schemas}
 * releases it, then commit the new files.
 */
class OrderSchemasTest extends StoredSchemasContract {

    static final List<Schema> STORED = List.of(OrderCommand.getClassSchema(), OrderEvent.getClassSchema());

    @Override
    protected List<Schema> stored() {
        return STORED;
    }

    public static void main(String[] args) {
        release(STORED, args);
    }
}
