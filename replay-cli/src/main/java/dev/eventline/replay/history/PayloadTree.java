package dev.eventline.replay.history;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * A payload as the JSON tree of the text the archive stores ({@code SpecificData.toString}, read
 * back as JSON), built straight from the record where its schema has only records, arrays, strings,
 * ints, longs, booleans, nulls and unions of those: the same tree without writing and parsing text.
 * Any other schema (logical types, bytes, floating point, enums, maps...) goes the long way, so the
 * answer is always the archive's.
 */
final class PayloadTree {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Per schema: whether the direct path covers it (schemas are few; each is decided once). */
    private static final Map<Schema, Boolean> DIRECT = new ConcurrentHashMap<>();

    private PayloadTree() {
    }

    static JsonNode of(IndexedRecord payload) throws JsonProcessingException {
        if (DIRECT.computeIfAbsent(payload.getSchema(), schema -> direct(schema, new HashSet<>()))) {
            return record(payload);
        }
        return viaText(payload);
    }

    /** The long way: the text the archive stores, parsed. Package-private so that tests can compare both. */
    static JsonNode viaText(IndexedRecord payload) throws JsonProcessingException {
        return EventJson.JSON.readTree(SpecificData.get().toString(payload));
    }

    static boolean direct(Schema schema, Set<String> visiting) {
        if (schema.getLogicalType() != null) {
            return false;
        }
        return switch (schema.getType()) {
            case STRING, INT, LONG, BOOLEAN, NULL -> true;
            case ARRAY -> direct(schema.getElementType(), visiting);
            case UNION -> schema.getTypes().stream().allMatch(branch -> direct(branch, visiting));
            // A recursive record is fine: its fields were decided when it was first entered.
            case RECORD -> !visiting.add(schema.getFullName())
                    || schema.getFields().stream().allMatch(field -> direct(field.schema(), visiting));
            default -> false;
        };
    }

    private static ObjectNode record(IndexedRecord record) {
        ObjectNode node = NODES.objectNode();
        List<Schema.Field> fields = record.getSchema().getFields();
        for (Schema.Field field : fields) {
            node.set(field.name(), value(record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof IndexedRecord record) {
            return record(record);
        }
        if (value instanceof CharSequence text) {
            return NODES.textNode(text.toString());
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            // As a JSON parser reads the number back: an int where it fits.
            return number == number.intValue() ? NODES.numberNode(number.intValue()) : NODES.numberNode(number);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode(items.size());
            items.forEach(item -> array.add(value(item)));
            return array;
        }
        throw new IllegalStateException("not a value of a schema the direct path covers: " + value.getClass().getName());
    }
}
