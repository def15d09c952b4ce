package dev.eventline.schemas.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Optional;

import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.schemas.fixtures.SampleEvents;
import org.junit.jupiter.api.Test;

/** The one rule of what follows an aggregate's verified chain, as the guarded projections and verify apply it. */
class ChainHeadTest {

    private final AccountEvent opened = SampleEvents.opened("acc-1");
    private final AccountEvent deposited = SampleEvents.deposited("acc-1", 2, 500L);
    private final ChainHead afterOpened;

    ChainHeadTest() {
        HashChain.seal(deposited, HashChain.seal(opened, HashChain.genesis()));
        afterOpened = ChainHead.genesis().next(1, opened);
    }

    @Test
    void anAggregatesEventsFollowOneAnotherFromGenesis() {
        assertThat(ChainHead.genesis().check("acc-1", "acc-1", 1, opened)).isEmpty();
        assertThat(afterOpened).isEqualTo(new ChainHead(1, HashChain.hashOf(opened)));
        assertThat(afterOpened.check("acc-1", "acc-1", 2, deposited)).isEmpty();
        assertThat(afterOpened.next(2, deposited).version()).isEqualTo(2);
    }

    @Test
    void anEventStoredUnderAnotherKeyDoesNotFollow() {
        assertThat(kind(afterOpened.check("acc-2", "acc-1", 2, deposited))).isEqualTo(ChainBreak.Kind.KEY_MISMATCH);
    }

    @Test
    void aRepeatedOrSkippedVersionDoesNotFollow() {
        assertThat(afterOpened.next(2, deposited).check("acc-1", "acc-1", 2, deposited))
                .hasValueSatisfying(b -> assertThat(b.describe()).isEqualTo("VERSION_GAP: version 2 where 3 was due"));
        assertThat(kind(ChainHead.genesis().check("acc-1", "acc-1", 2, deposited))).isEqualTo(ChainBreak.Kind.VERSION_GAP);
    }

    @Test
    void anEventChainedToAnotherHashDoesNotFollow() {
        AccountEvent elsewhere = SampleEvents.deposited("acc-1", 2, 500L);
        HashChain.seal(elsewhere, new byte[32]);
        assertThat(kind(afterOpened.check("acc-1", "acc-1", 2, elsewhere))).isEqualTo(ChainBreak.Kind.CHAIN_BROKEN);
    }

    @Test
    void anEventChangedAfterItWasSealedDoesNotFollow() {
        ((Deposited) deposited.getPayload()).setAmount(1_000_000L);
        assertThat(kind(afterOpened.check("acc-1", "acc-1", 2, deposited))).isEqualTo(ChainBreak.Kind.HASH_MISMATCH);
    }

    @Test
    void aForgedHashOverForgedContentStillNeedsThePreviousHash() {
        deposited.getMetadata().setPrevHash(ByteBuffer.wrap(new byte[32]));
        HashChain.seal(deposited, new byte[32]); // self-consistent, but not chained to the opening
        assertThat(kind(afterOpened.check("acc-1", "acc-1", 2, deposited))).isEqualTo(ChainBreak.Kind.CHAIN_BROKEN);
    }

    private static ChainBreak.Kind kind(Optional<ChainBreak> broken) {
        assertThat(broken).isPresent();
        return broken.get().kind();
    }
}
