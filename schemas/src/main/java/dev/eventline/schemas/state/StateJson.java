package dev.eventline.schemas.state;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An aggregate's state as JSON, the one way the platform stores a domain's state: in the decide
 * stage's snapshots and in the generic read model. A state is a record, or records of strings,
 * numbers, booleans, enums, lists and maps, which Jackson round-trips with no code from the domain
 * (each domain's contract test checks its states do).
 */
public final class StateJson {

    // Unknown properties are refused: a state that does not read back whole is a bug, not data to drop.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StateJson() {
    }

    public static JsonNode toTree(Object state) {
        return JSON.valueToTree(state);
    }

    public static String toText(Object state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (IOException e) {
            throw new UncheckedIOException("a state that is not JSON: " + state.getClass().getName(), e);
        }
    }

    /** The state of the same class as {@code initialState}, read back from its JSON. */
    @SuppressWarnings("unchecked")
    public static <S> S fromTree(JsonNode tree, S initialState) {
        try {
            return (S) JSON.treeToValue(tree, initialState.getClass());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + initialState.getClass().getSimpleName() + " state", e);
        }
    }

    public static <S> S fromText(String text, S initialState) {
        try {
            return fromTree(JSON.readTree(text), initialState);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + initialState.getClass().getSimpleName() + " state", e);
        }
    }
}
