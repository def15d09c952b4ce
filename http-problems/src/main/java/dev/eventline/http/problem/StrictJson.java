package dev.eventline.http.problem;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micronaut.http.HttpStatus;

/**
 * The one reader of request bodies: strict (a duplicate member or anything after the JSON value
 * is refused) and bounded far below Jackson's own limits, since commands and settings are small.
 * Whatever it cannot read is a 400 problem saying where (a JSON Pointer to the value being read,
 * line and column) and why; malformed text, trailing data and a limit exceeded never become a 500.
 */
public final class StrictJson {

    static final int MAX_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 40;
    static final int MAX_STRING_LENGTH = 16_384;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH).maxStringLength(MAX_STRING_LENGTH).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    /** The body as a tree; an empty or blank body is an empty object. */
    public static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(malformed(e));
        }
    }

    static Problem malformed(JsonProcessingException error) {
        JsonLocation location = error.getLocation();
        String where = location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String code = error instanceof StreamConstraintsException ? "JSON_LIMIT_EXCEEDED" : "MALFORMED_JSON";
        String message = error.getOriginalMessage() == null ? "unreadable JSON" : firstLine(error.getOriginalMessage());
        return Problem.of(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", "Malformed JSON")
                .detail(message + where)
                .with("errors", List.of(Map.of("pointer", pointer(error), "code", code, "detail", message)));
    }

    private static String pointer(JsonProcessingException error) {
        if (error.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
            String pointer = parser.getParsingContext().pathAsPointer().toString();
            return pointer.isEmpty() ? "/" : pointer;
        }
        return "/";
    }

    /** Jackson's messages can quote the offending input at length; the first line says enough. */
    private static String firstLine(String message) {
        String line = message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
