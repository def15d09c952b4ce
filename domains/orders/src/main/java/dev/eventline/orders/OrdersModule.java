package dev.eventline.orders;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.DomainModule;
import dev.eventline.orders.schema.Cancel;
import dev.eventline.orders.schema.OrderCommand;
import dev.eventline.orders.schema.OrderEvent;
import dev.eventline.orders.schema.PlaceOrder;
import dev.eventline.orders.schema.Ship;
import org.apache.avro.specific.SpecificRecord;

/**
 * The orders domain: the aggregate type {@code order}, paid through the ledger. Its one setting is
 * the settlement account payments go to, {@code EVENTLINE_ORDERS_SETTLEMENT_ACCOUNT} (or the
 * system property {@code eventline.orders.settlement-account}), default
 * {@value #DEFAULT_SETTLEMENT}: {@code {currency}} is the order's currency in lower case, so each
 * currency settles into an account of its own, opened by an operator.
 */
public final class OrdersModule implements DomainModule {

    public static final String ORDER = "order";
    public static final String DEFAULT_SETTLEMENT = "settlement-{currency}";

    private final String settlementAccount;

    public OrdersModule() {
        this(System.getProperty("eventline.orders.settlement-account",
                Optional.ofNullable(System.getenv("EVENTLINE_ORDERS_SETTLEMENT_ACCOUNT")).orElse(DEFAULT_SETTLEMENT)));
    }

    public OrdersModule(String settlementAccount) {
        this.settlementAccount = settlementAccount;
    }

    public AggregateType<SpecificRecord, SpecificRecord, OrderState> orders() {
        return new AggregateType<>(ORDER, new OrderDecider(),
                Map.of("PlaceOrder", PlaceOrder.class, "Cancel", Cancel.class, "Ship", Ship.class),
                OrderCommand.class, OrderEvent.class, Optional.of(new OrderPayment(settlementAccount)));
    }

    @Override
    public List<AggregateType<?, ?, ?>> aggregateTypes() {
        return List.of(orders());
    }
}
