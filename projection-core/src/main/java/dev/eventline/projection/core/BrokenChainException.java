package dev.eventline.projection.core;

import dev.eventline.schemas.chain.ChainBreak;

/** Why a guarded projection quarantined an event: it does not follow its aggregate's verified chain. */
public final class BrokenChainException extends Exception {

    private final transient ChainBreak chainBreak;

    public BrokenChainException(String aggregateType, String aggregateId, long version, ChainBreak chainBreak) {
        super(aggregateType + " " + aggregateId + " v" + version + " " + chainBreak.describe(), null, false, false);
        this.chainBreak = chainBreak;
    }

    public ChainBreak chainBreak() {
        return chainBreak;
    }
}
