package dev.eventline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.eventline.domain.Domains;
import dev.eventline.schemas.state.StateJson;
import org.junit.jupiter.api.Test;

/** Order states survive the platform's state JSON (decide-stage snapshots, the generic read model). */
class OrderStateJsonTest {

    @Test
    void everyKindOfOrderStateRoundTrips() {
        List<OrderState> states = List.of(OrderState.NONE,
                new OrderState(OrderState.Status.CANCELLED, "alice", List.of(new OrderState.Line("book", 2, 1_250L)), "EUR", 2_500L,
                        "acc-alice", "DESTINATION_REFUSED", "the destination account cannot receive this transfer", OrderState.Refund.FAILED));

        for (OrderState state : states) {
            assertThat(StateJson.fromText(StateJson.toText(state), OrderState.NONE)).isEqualTo(state);
        }
    }

    @Test
    void theModuleIsFoundByTheServiceLoaderBesideTheLedger() {
        Domains domains = Domains.discover();

        assertThat(domains.names()).contains("order", "account", "transfer");
        assertThat(domains.find("order").orElseThrow().clientCommands()).containsOnlyKeys("PlaceOrder", "Cancel", "Ship");
    }
}
