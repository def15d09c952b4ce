package dev.eventline.devstack.registry;

import java.util.function.BiConsumer;

/**
 * Where the registry's state lives between starts: an ordered log of key/value records, the
 * latest value per key winning and a null value deleting the key (a compacted topic).
 */
public interface SchemaLog extends AutoCloseable {

    /** Hands every stored record, oldest first, to the consumer. */
    void replay(BiConsumer<String, String> record);

    /** Stores the record durably before returning. */
    void append(String key, String value);

    @Override
    void close();
}
