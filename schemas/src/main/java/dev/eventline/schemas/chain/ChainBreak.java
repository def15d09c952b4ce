package dev.eventline.schemas.chain;

/** Why an event does not follow its aggregate's verified chain, and the particulars. */
public record ChainBreak(Kind kind, String detail) {

    /** The rules of {@link ChainHead#check}, in the order they are checked. */
    public enum Kind {
        /** The record's key is not the aggregate id: it may sit in another partition than the aggregate's other events. */
        KEY_MISMATCH,
        /** Not the version after the last verified one: a gap, a repeat or an out-of-sequence copy. */
        VERSION_GAP,
        /** Its prevHash is not the hash of the last verified event. */
        CHAIN_BROKEN,
        /** Its stored hash is not the hash of its content: altered after it was sealed, or forged. */
        HASH_MISMATCH
    }

    public String describe() {
        return kind + ": " + detail;
    }
}
