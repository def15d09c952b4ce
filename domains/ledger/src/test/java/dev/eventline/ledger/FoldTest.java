package dev.eventline.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import dev.eventline.domain.Fold;
import dev.eventline.domain.Recorded;
import dev.eventline.ledger.account.AccountFrozen;
import dev.eventline.ledger.account.AccountOpened;
import dev.eventline.ledger.account.Deposited;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class FoldTest {

    private final AccountDecider accounts = new AccountDecider();
    private final List<Recorded<SpecificRecord>> history = List.of(
            new Recorded<>(1, Instant.parse("2026-01-01T00:00:00Z"), new AccountOpened("alice", "EUR")),
            new Recorded<>(2, Instant.parse("2026-02-01T00:00:00Z"), new Deposited(100L, null)),
            new Recorded<>(3, Instant.parse("2026-03-31T23:59:59Z"), new Deposited(50L, null)),
            new Recorded<>(4, Instant.parse("2026-04-01T00:00:00Z"), new AccountFrozen("audit")));

    @Test
    void shouldGiveTheStateAtAVersion() {
        assertThat(Fold.atVersion(accounts, history, 0)).isEqualTo(AccountState.NONE);
        assertThat(Fold.atVersion(accounts, history, 2).balance()).isEqualTo(100L);
        assertThat(Fold.atVersion(accounts, history, 4).status()).isEqualTo(AccountState.Status.FROZEN);
        assertThatThrownBy(() -> Fold.atVersion(accounts, history, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveTheStateAsOfAnInstantIncludingEventsAtThatInstant() {
        AccountState endOfQuarter = Fold.asOf(accounts, history, Instant.parse("2026-03-31T23:59:59Z"));

        assertThat(endOfQuarter.balance()).isEqualTo(150L);
        assertThat(endOfQuarter.status()).isEqualTo(AccountState.Status.ACTIVE);
        assertThat(Fold.asOf(accounts, history, Instant.parse("2025-12-31T00:00:00Z"))).isEqualTo(AccountState.NONE);
    }

    @Test
    void shouldRefuseAHistoryWithAGap() {
        List<Recorded<SpecificRecord>> gapped = List.of(history.get(0), history.get(2));

        assertThatThrownBy(() -> Fold.atVersion(accounts, gapped, 2)).hasMessageContaining("expected version 2, found 3");
    }
}
