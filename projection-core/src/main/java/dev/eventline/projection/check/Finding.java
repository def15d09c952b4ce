package dev.eventline.projection.check;

/** Something wrong, named by its aggregate and, when it is an event, its version and log position. */
public record Finding(String kind, String aggregateType, String aggregateId, Long version, Integer partition, Long offset, String detail) {

    /** Kinds of findings. */
    public static final String VERSION_GAP = "VERSION_GAP";
    public static final String CHAIN_BROKEN = "CHAIN_BROKEN";
    public static final String HASH_MISMATCH = "HASH_MISMATCH";
    public static final String KEY_MISMATCH = "KEY_MISMATCH";
    public static final String MISSING_FROM_ARCHIVE = "MISSING_FROM_ARCHIVE";
    public static final String ARCHIVE_DIFFERS = "ARCHIVE_DIFFERS";
    public static final String ARCHIVE_ROW_NOT_IN_LOG = "ARCHIVE_ROW_NOT_IN_LOG";
    public static final String FOLD_FAILED = "FOLD_FAILED";
    public static final String READ_MODEL_DIFFERS = "READ_MODEL_DIFFERS";
    public static final String READ_MODEL_ROW_MISSING = "READ_MODEL_ROW_MISSING";
    public static final String READ_MODEL_ROW_WITHOUT_EVENTS = "READ_MODEL_ROW_WITHOUT_EVENTS";
}
