package dev.eventline.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry REST client over {@link HttpClient}. Ids and registrations are
 * cached (an id never changes meaning); transport failures, 5xx and 429 are retried with
 * exponential backoff across the configured URLs; 4xx answers fail at once with Confluent's
 * error code.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idBySubject = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> known = idBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = known.get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions?normalize=false", schemaBody(schema));
        int id = answer.path("id").asInt();
        known.put(schema, id);
        byId.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        return byId.computeIfAbsent(id, key -> parse(send("GET", "/schemas/ids/" + key, null).path("schema").asText()));
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        try {
            return Optional.of(registered(send("POST", "/subjects/" + encode(subject) + "?normalize=false", schemaBody(schema))));
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == 40403 || e.errorCode() == 40401) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    private RegisteredSchema registered(JsonNode node) {
        Schema schema = parse(node.path("schema").asText());
        int id = node.path("id").asInt();
        byId.putIfAbsent(id, schema);
        return new RegisteredSchema(node.path("subject").asText(), node.path("version").asInt(), id, schema);
    }

    private String schemaBody(Schema schema) {
        ObjectNode body = json.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One logical request: every URL in turn, then back off and try again, up to maxAttempts rounds. */
    private JsonNode send(String method, String path, String body) {
        Duration backoff = config.initialBackoff();
        SchemaRegistryException last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            for (URI base : config.urls()) {
                try {
                    return sendOnce(base, method, path, body);
                } catch (SchemaRegistryException e) {
                    if (!e.isRetriable()) {
                        throw e;
                    }
                    last = e;
                }
            }
            if (attempt < config.maxAttempts()) {
                LOG.debug("registry {} {} failed ({}), retrying in {}", method, path, last.getMessage(), backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff.multipliedBy(2);
            }
        }
        throw new SchemaRegistryException(last.httpStatus(), last.errorCode(),
                "schema registry " + config.urls() + " failed " + config.maxAttempts() + " times for " + method + " " + path
                        + ": " + last.getMessage(), last);
    }

    private JsonNode sendOnce(URI base, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json")
                .header("Content-Type", CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, SchemaRegistryException.UNREACHABLE,
                    "cannot reach " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, SchemaRegistryException.UNREACHABLE,
                    "interrupted calling " + base, e);
        }
        JsonNode answer = readTree(response.body());
        if (response.statusCode() / 100 != 2) {
            int code = answer.path("error_code").asInt(response.statusCode());
            String message = answer.path("message").asText(response.body());
            throw new SchemaRegistryException(response.statusCode(), code, method + " " + path + " -> " + response.statusCode()
                    + " (" + code + "): " + message, null);
        }
        return answer;
    }

    private JsonNode readTree(String body) {
        try {
            return body == null || body.isBlank() ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(body);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, SchemaRegistryException.UNREACHABLE, "interrupted", e);
        }
    }
}
