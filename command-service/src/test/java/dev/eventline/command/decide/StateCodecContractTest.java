package dev.eventline.command.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.ledger.AccountState;
import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.TransferState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every state a domain's decider can produce survives the decide stage's snapshot store. */
class StateCodecContractTest {

    private final SnapshotCodec codec = new SnapshotCodec();

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of(LedgerModule.ACCOUNTS, AccountState.NONE),
                Arguments.of(LedgerModule.ACCOUNTS, new AccountState(AccountState.Status.FROZEN, "alice", "EUR", 1_000_000_000_000_000L)),
                Arguments.of(LedgerModule.TRANSFERS, TransferState.NONE),
                Arguments.of(LedgerModule.TRANSFERS, new TransferState(TransferState.Status.COMPENSATING, "a", "b", 300L, "EUR", "alice",
                        "CURRENCY_MISMATCH", "account holds USD, not EUR")));
    }

    @ParameterizedTest
    @MethodSource("states")
    void shouldRoundTripEveryStateThroughTheSnapshotStore(AggregateType<?, ?, ?> type, Object state) {
        byte[] hash = new byte[32];
        hash[5] = 9;

        AggregateSnapshot decoded = codec.decode(codec.encode(new AggregateSnapshot(42L, hash, state)), type);

        assertThat(decoded.version()).isEqualTo(42L);
        assertThat(decoded.lastHash()).isEqualTo(hash);
        assertThat(decoded.state()).isEqualTo(state);
    }

    @Test
    void shouldHaveACaseForEveryDiscoveredAggregateType() {
        assertThat(states().map(arguments -> arguments.get()[0]).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(Domains.discover().all());
    }
}
