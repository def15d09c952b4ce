package dev.eventline.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.eventline.domain.Domains;
import org.junit.jupiter.api.Test;

class DomainsTest {

    @Test
    void shouldDiscoverTheLedgerThroughTheServiceLoader() {
        Domains domains = Domains.discover();

        assertThat(domains.find("account")).containsSame(LedgerModule.ACCOUNTS);
        assertThat(domains.find("transfer").orElseThrow().processManager()).isPresent();
        assertThat(domains.find("account").orElseThrow().clientCommands()).containsOnlyKeys(
                "OpenAccount", "Deposit", "Withdraw", "Freeze", "Unfreeze", "Close");
        assertThat(domains.find("nothing")).isEmpty();
    }

    @Test
    void shouldRefuseTwoDomainsClaimingOneAggregateType() {
        assertThatThrownBy(() -> new Domains(List.of(new LedgerModule(), new LedgerModule())))
                .hasMessageContaining("'account'");
    }
}
