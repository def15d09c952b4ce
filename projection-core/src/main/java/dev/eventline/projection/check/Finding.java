package dev.eventline.projection.check;

import dev.eventline.schemas.chain.ChainBreak;

/** Something wrong, named by its aggregate and, when it is an event, its version and log position. */
public record Finding(String kind, String aggregateType, String aggregateId, Long version, Integer partition, Long offset, String detail) {

    /** Kinds of findings. */
    public static final String VERSION_GAP = ChainBreak.Kind.VERSION_GAP.name();
    public static final String CHAIN_BROKEN = ChainBreak.Kind.CHAIN_BROKEN.name();
    public static final String HASH_MISMATCH = ChainBreak.Kind.HASH_MISMATCH.name();
    public static final String KEY_MISMATCH = ChainBreak.Kind.KEY_MISMATCH.name();
    public static final String MISSING_FROM_ARCHIVE = "MISSING_FROM_ARCHIVE";
    public static final String ARCHIVE_DIFFERS = "ARCHIVE_DIFFERS";
    public static final String ARCHIVE_ROW_NOT_IN_LOG = "ARCHIVE_ROW_NOT_IN_LOG";
    public static final String FOLD_FAILED = "FOLD_FAILED";
    public static final String READ_MODEL_DIFFERS = "READ_MODEL_DIFFERS";
    public static final String READ_MODEL_ROW_MISSING = "READ_MODEL_ROW_MISSING";
    public static final String READ_MODEL_ROW_WITHOUT_EVENTS = "READ_MODEL_ROW_WITHOUT_EVENTS";
}
