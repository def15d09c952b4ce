package dev.eventline.command.edge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import dev.eventline.http.problem.StrictJson;
import dev.eventline.http.security.Identifiers;
import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.json.FieldProblem;
import dev.eventline.schemas.json.JsonConversionException;
import dev.eventline.schemas.json.JsonToAvro;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns an HTTP command into the command envelope that goes to {@code <ns>.requests}, or refuses it
 * with a precise problem before anything is written. The command id is derived from the client and
 * its Idempotency-Key, so a retry (even to another instance) carries the same id and the decide
 * stage answers it with the original outcome.
 */
@Singleton
public class CommandRequestReader {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"(\\d{1,18})\"");

    private final Domains domains;
    private final JsonToAvro jsonToAvro = new JsonToAvro();

    public CommandRequestReader(Domains domains) {
        this.domains = domains;
    }

    /** What the caller asked, as read from the request. */
    public record Request(String aggregateType, String aggregateId, String commandType, String idempotencyKey, String ifMatch,
                          String contentType, String body, String clientId, List<String> roles, String correlationId, String replyTo) {
    }

    /** The command ready to send. */
    public record Submission(String commandId, CommandMetadata metadata, SpecificRecord envelope) {
    }

    /** Where a command goes, checked: a registered type, one of its client commands, a well-formed id. */
    public record Target(AggregateType<?, ?, ?> type, Class<?> commandClass, String aggregateId, String commandType) {

        /** For log lines: every part checked, so it cannot forge a line. */
        @Override
        public String toString() {
            return type.name() + "/" + aggregateId + " " + commandType;
        }
    }

    /**
     * Checks the path's parts before anything else uses them (metrics, logs, limits): an unknown
     * type or command is a 404, a malformed id a 400; none of the raw text goes further.
     */
    public Target target(String aggregateType, String aggregateId, String commandType) {
        AggregateType<?, ?, ?> type = domains.find(aggregateType).orElseThrow(() -> problem(HttpStatus.NOT_FOUND,
                "UNKNOWN_AGGREGATE_TYPE", "Unknown aggregate type", "no such aggregate type; known: " + domains.names()));
        Class<?> commandClass = type.clientCommands().get(commandType);
        if (commandClass == null) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "UNKNOWN_COMMAND_TYPE", "Unknown command type")
                    .detail(type.name() + " takes no such command")
                    .with("commandTypes", type.clientCommands().keySet().stream().sorted().toList()));
        }
        if (!Identifiers.isValid(aggregateId)) {
            throw problem(HttpStatus.BAD_REQUEST, "INVALID_AGGREGATE_ID", "Invalid aggregate id",
                    "an aggregate id is 1 to 128 characters of letters, digits and . _ : @ -, starting with a letter or digit");
        }
        return new Target(type, commandClass, aggregateId, commandType);
    }

    /** The command for a target {@link #target} has checked (the edge checks it first, before its limits). */
    public Submission read(Target target, Request request, Instant now) {
        AggregateType<?, ?, ?> type = target.type();
        Class<?> commandClass = target.commandClass();
        String key = request.idempotencyKey();
        if (key == null || key.isEmpty()) {
            throw problem(HttpStatus.BAD_REQUEST, "IDEMPOTENCY_KEY_MISSING", "Idempotency-Key required",
                    "every command needs an Idempotency-Key header, unique per intended effect; retries reuse it");
        }
        if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw problem(HttpStatus.BAD_REQUEST, "INVALID_IDEMPOTENCY_KEY", "Invalid Idempotency-Key",
                    "an Idempotency-Key is 1 to 255 visible ASCII characters");
        }
        Long expectedVersion = expectedVersion(request.ifMatch());
        SpecificRecord payload = payload(request, commandClass);

        CommandMetadata metadata = Envelopes.clientCommand(request.clientId(), key, type.name(), request.aggregateId(),
                request.commandType(), expectedVersion, payloadHash(request, expectedVersion, payload), request.roles(),
                request.correlationId(), request.replyTo(), now);
        return new Submission(metadata.getCommandId(), metadata, Envelopes.wrap(type.commandEnvelope(), metadata, payload));
    }

    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        Matcher matcher = IF_MATCH.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw problem(HttpStatus.BAD_REQUEST, "INVALID_IF_MATCH", "Invalid If-Match",
                    "If-Match takes the aggregate's version as an entity tag, e.g. \"3\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    private SpecificRecord payload(Request request, Class<?> commandClass) {
        String body = request.body() == null ? "" : request.body();
        if (!body.isBlank() && !isJson(request.contentType())) {
            throw problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type",
                    "a command body is application/json");
        }
        // An empty body is an empty object: commands such as Freeze or Close carry no fields.
        JsonNode json = StrictJson.read(body);
        try {
            return jsonToAvro.convert(json, SpecificData.get().getSchema(commandClass));
        } catch (JsonConversionException e) {
            throw new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_PAYLOAD", "Invalid command payload")
                    .detail(e.problems().size() + " problem(s) in the " + request.commandType() + " body")
                    .with("errors", e.problems().stream().map(CommandRequestReader::fieldError).toList()));
        }
    }

    private static Map<String, Object> fieldError(FieldProblem problem) {
        return Map.of("pointer", problem.pointer().isEmpty() ? "/" : problem.pointer(), "code", problem.code().name(), "detail", problem.detail());
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return true; // no Content-Type at all is taken as JSON
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    /** What makes two requests with one key "the same": the target, the version asked for and the payload. */
    private static byte[] payloadHash(Request request, Long expectedVersion, SpecificRecord payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.aggregateType() + "\u0000" + request.aggregateId() + "\u0000" + request.commandType() + "\u0000"
                    + Optional.ofNullable(expectedVersion).map(String::valueOf).orElse("") + "\u0000").getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            SpecificData.get().createDatumWriter(payload.getSchema()).write(payload, encoder);
            encoder.flush();
            return sha.digest(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException problem(HttpStatus status, String code, String title, String detail) {
        return new ProblemException(Problem.of(status, code, title).detail(detail));
    }
}
