package dev.eventline.schemas.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventline.schemas.TrustedPackages;
import dev.eventline.schemas.json.FieldProblem.Code;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Converts plain JSON (as an API user writes it: no Avro union wrappers) into an Avro record of
 * a given schema, collecting every problem with its JSON Pointer. The generated class is used
 * when one exists for the schema, else a generic record.
 *
 * <p>Constraints come from properties on a field's type: {@code minimum}/{@code maximum} for
 * numbers, {@code pattern}, {@code minLength}/{@code maxLength} for strings. In IDL:
 * {@code @minimum(1) long amount;}.
 */
public final class JsonToAvro {

    static {
        TrustedPackages.ensureInstalled();
    }

    private final SpecificData data;

    public JsonToAvro() {
        this(SpecificData.get());
    }

    public JsonToAvro(SpecificData data) {
        this.data = data;
    }

    /** The record, or a {@link JsonConversionException} listing every problem. */
    @SuppressWarnings("unchecked")
    public <T extends IndexedRecord> T convert(JsonNode json, Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("not a record schema: " + schema.getFullName());
        }
        List<FieldProblem> problems = new ArrayList<>();
        Object value = convert(json == null || json.isMissingNode() ? null : json, schema, "", problems);
        if (!problems.isEmpty()) {
            throw new JsonConversionException(problems);
        }
        return (T) value;
    }

    private Object convert(JsonNode json, Schema schema, String path, List<FieldProblem> problems) {
        return switch (schema.getType()) {
            case RECORD -> record(json, schema, path, problems);
            case UNION -> union(json, schema, path, problems);
            case STRING -> string(json, schema, path, problems);
            case LONG -> longValue(json, schema, path, problems);
            case INT -> intValue(json, schema, path, problems);
            case BOOLEAN -> json.isBoolean() ? json.booleanValue() : wrong(path, "a boolean", json, problems);
            case DOUBLE, FLOAT -> number(json, schema, path, problems);
            case ENUM -> enumValue(json, schema, path, problems);
            case ARRAY -> array(json, schema, path, problems);
            case MAP -> map(json, schema, path, problems);
            case BYTES -> bytes(json, path, problems);
            case NULL -> json.isNull() ? null : wrong(path, "null", json, problems);
            case FIXED -> wrong(path, "a supported type (fixed is not accepted over JSON)", json, problems);
        };
    }

    private Object record(JsonNode json, Schema schema, String path, List<FieldProblem> problems) {
        if (json == null || !json.isObject()) {
            return wrong(path.isEmpty() ? "/" : path, "an object", json, problems);
        }
        IndexedRecord record = (IndexedRecord) data.newRecord(null, schema);
        boolean specific = record instanceof SpecificRecord;
        Set<String> known = new HashSet<>();
        for (Schema.Field field : schema.getFields()) {
            known.add(field.name());
            String fieldPath = path + "/" + escape(field.name());
            JsonNode value = json.get(field.name());
            if (value == null || value.isNull()) {
                if (field.hasDefaultValue()) {
                    record.put(field.pos(), data.deepCopy(field.schema(), data.getDefaultValue(field)));
                } else if (nullable(field.schema())) {
                    record.put(field.pos(), null);
                } else {
                    problems.add(new FieldProblem(fieldPath, Code.MISSING, "is required"));
                }
                continue;
            }
            int before = problems.size();
            Object converted = convert(value, field.schema(), fieldPath, problems);
            if (problems.size() == before) {
                record.put(field.pos(), specific ? converted : genericForm(converted));
            }
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(new FieldProblem(path + "/" + escape(name), Code.UNKNOWN_FIELD,
                        "is not a field of " + schema.getName() + " (fields: " + String.join(", ", known) + ")"));
            }
        }
        return record;
    }

    /** Plain JSON has no union wrappers: null, or the first branch the value fits. */
    private Object union(JsonNode json, Schema schema, String path, List<FieldProblem> problems) {
        List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (branches.size() == 1) {
            return convert(json, branches.get(0), path, problems);
        }
        for (Schema branch : branches) {
            List<FieldProblem> attempt = new ArrayList<>();
            Object value = convert(json, branch, path, attempt);
            if (attempt.isEmpty()) {
                return value;
            }
        }
        problems.add(new FieldProblem(path, Code.WRONG_TYPE, "fits none of " + branches.stream().map(Schema::getName).toList()));
        return null;
    }

    private Object string(JsonNode json, Schema schema, String path, List<FieldProblem> problems) {
        if (!json.isTextual()) {
            return wrong(path, "a string", json, problems);
        }
        String value = json.textValue();
        Object pattern = schema.getObjectProp("pattern");
        if (pattern != null && !Pattern.compile(pattern.toString()).matcher(value).matches()) {
            problems.add(new FieldProblem(path, Code.INVALID_VALUE, "must match " + pattern));
        }
        Object min = schema.getObjectProp("minLength");
        if (min instanceof Number n && value.length() < n.intValue()) {
            problems.add(new FieldProblem(path, Code.INVALID_VALUE, "must have at least " + n + " characters"));
        }
        Object max = schema.getObjectProp("maxLength");
        if (max instanceof Number n && value.length() > n.intValue()) {
            problems.add(new FieldProblem(path, Code.INVALID_VALUE, "must have at most " + n + " characters"));
        }
        return value;
    }

    private Object longValue(JsonNode json, Schema schema, String path, List<FieldProblem> problems) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return timestamp(json, path, problems);
        }
        BigInteger value = integral(json, path, problems);
        if (value == null) {
            return null;
        }
        if (value.bitLength() > 63) {
            problems.add(new FieldProblem(path, Code.OUT_OF_RANGE, "must fit in a 64-bit integer"));
            return null;
        }
        return bounded(value.longValue(), schema, path, problems) ? value.longValue() : null;
    }

    private Object intValue(JsonNode json, Schema schema, String path, List<FieldProblem> problems) {
        BigInteger value = integral(json, path, problems);
        if (value == null) {
            return null;
        }
        if (value.bitLength() > 31) {
            problems.add(new FieldProblem(path, Code.OUT_OF_RANGE, "must fit in a 32-bit integer"));
            return null;
        }
        return bounded(value.longValue(), schema, path, problems) ? value.intValue() : null;
    }

    private BigInteger integral(JsonNode json, String path, List<FieldProblem> problems) {
        if (json.isIntegralNumber()) {
            return json.bigIntegerValue();
        }
        if (json.isNumber()) {
            if (json.isFloatingPointNumber() && !json.isBigDecimal() && !Double.isFinite(json.doubleValue())) {
                problems.add(new FieldProblem(path, Code.OUT_OF_RANGE, "must fit in a 64-bit integer"));
                return null;
            }
            // 5.0 is a whole number in JSON's eyes; 5.5 is not.
            BigDecimal exact = json.decimalValue().stripTrailingZeros();
            if (exact.scale() > 0) {
                problems.add(new FieldProblem(path, Code.WRONG_TYPE, "must be a whole number, got " + json));
                return null;
            }
            // Checked before expanding: 1e100000000 would be a hundred million digits.
            if (exact.precision() - exact.scale() > 19) {
                problems.add(new FieldProblem(path, Code.OUT_OF_RANGE, "must fit in a 64-bit integer"));
                return null;
            }
            return exact.toBigIntegerExact();
        }
        wrong(path, "a whole number", json, problems);
        return null;
    }

    private static boolean bounded(long value, Schema schema, String path, List<FieldProblem> problems) {
        Object min = schema.getObjectProp("minimum");
        if (min instanceof Number n && value < n.longValue()) {
            problems.add(new FieldProblem(path, Code.OUT_OF_RANGE, "must be at least " + n + ", got " + value));
            return false;
        }
        Object max = schema.getObjectProp("maximum");
        if (max instanceof Number n && value > n.longValue()) {
            problems.add(new FieldProblem(path, Code.OUT_OF_RANGE, "must be at most " + n + ", got " + value));
            return false;
        }
        return true;
    }

    private Object number(JsonNode json, Schema schema, String path, List<FieldProblem> problems) {
        if (!json.isNumber()) {
            return wrong(path, "a number", json, problems);
        }
        if (!Double.isFinite(json.doubleValue()) || (schema.getType() == Schema.Type.FLOAT && !Float.isFinite(json.floatValue()))) {
            problems.add(new FieldProblem(path, Code.OUT_OF_RANGE, "must be a finite number"));
            return null;
        }
        return schema.getType() == Schema.Type.FLOAT ? (Object) json.floatValue() : (Object) json.doubleValue();
    }

    private Object timestamp(JsonNode json, String path, List<FieldProblem> problems) {
        if (json.isIntegralNumber() && json.canConvertToLong()) {
            return Instant.ofEpochMilli(json.longValue());
        }
        if (json.isTextual()) {
            try {
                return Instant.parse(json.textValue());
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem(path, Code.INVALID_VALUE, "must be an ISO-8601 instant such as 2026-03-31T23:59:59Z"));
                return null;
            }
        }
        return wrong(path, "an ISO-8601 instant or epoch milliseconds", json, problems);
    }

    private Object enumValue(JsonNode json, Schema schema, String path, List<FieldProblem> problems) {
        if (!json.isTextual()) {
            return wrong(path, "one of " + schema.getEnumSymbols(), json, problems);
        }
        if (!schema.hasEnumSymbol(json.textValue())) {
            problems.add(new FieldProblem(path, Code.INVALID_VALUE, "must be one of " + schema.getEnumSymbols()));
            return null;
        }
        return data.createEnum(json.textValue(), schema);
    }

    private Object array(JsonNode json, Schema schema, String path, List<FieldProblem> problems) {
        if (!json.isArray()) {
            return wrong(path, "an array", json, problems);
        }
        List<Object> out = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            out.add(convert(json.get(i), schema.getElementType(), path + "/" + i, problems));
        }
        return out;
    }

    private Object map(JsonNode json, Schema schema, String path, List<FieldProblem> problems) {
        if (!json.isObject()) {
            return wrong(path, "an object", json, problems);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        json.fields().forEachRemaining(e -> out.put(e.getKey(), convert(e.getValue(), schema.getValueType(), path + "/" + escape(e.getKey()), problems)));
        return out;
    }

    private Object bytes(JsonNode json, String path, List<FieldProblem> problems) {
        if (!json.isTextual()) {
            return wrong(path, "a base64 string", json, problems);
        }
        try {
            return ByteBuffer.wrap(Base64.getDecoder().decode(json.textValue()));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(path, Code.INVALID_VALUE, "must be base64"));
            return null;
        }
    }

    private static Object wrong(String path, String expected, JsonNode actual, List<FieldProblem> problems) {
        problems.add(new FieldProblem(path, Code.WRONG_TYPE, "must be " + expected + ", got " + describe(actual)));
        return null;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return node.getNodeType().name().toLowerCase() + (node.isValueNode() ? " " + node : "");
    }

    /** Generic records carry timestamps as epoch millis; specific ones as Instant. */
    private static Object genericForm(Object value) {
        return value instanceof Instant instant ? instant.toEpochMilli() : value;
    }

    private static boolean nullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    /** RFC 6901: ~ and / inside a name. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
