package dev.eventline.schemas.json;

/**
 * One thing wrong with a JSON document, at a JSON Pointer (RFC 6901) path, ready for an
 * RFC 9457 problem document's field details.
 */
public record FieldProblem(String pointer, Code code, String detail) {

    public enum Code {
        /** A required field is absent or null. */
        MISSING,
        /** The JSON value has the wrong type (a string where a number belongs ...). */
        WRONG_TYPE,
        /** A field the schema does not know. */
        UNKNOWN_FIELD,
        /** A number outside its type's range or the schema's minimum/maximum. */
        OUT_OF_RANGE,
        /** A value of the right type that breaks a rule: pattern, length, enum symbol, format. */
        INVALID_VALUE
    }
}
