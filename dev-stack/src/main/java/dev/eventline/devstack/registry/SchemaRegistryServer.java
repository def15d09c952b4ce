package dev.eventline.devstack.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development schema registry speaking the Confluent Schema Registry REST API (Avro only),
 * so the embedded stack needs nothing else. Production uses Confluent's registry; clients cannot
 * tell the difference for the calls below.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    public static final int DEFAULT_PORT = 8081;
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final ObjectMapper json = new ObjectMapper();
    private final SchemaStore store;
    private final SchemaLog log;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "schema-registry-http");
        t.setDaemon(true);
        return t;
    });

    public SchemaRegistryServer(int port, SchemaLog log, CompatibilityLevel defaultLevel) {
        this.log = log;
        this.store = new SchemaStore(log, defaultLevel);
        try {
            this.server = HttpServer.create(new InetSocketAddress("localhost", port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("schema registry cannot listen on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    public SchemaRegistryServer start() {
        server.start();
        LOG.info("Schema registry serving {}", url());
        return this;
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        log.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Object body;
            int status = 200;
            try {
                body = route(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestBody());
            } catch (RegistryError e) {
                status = e.status;
                body = json.createObjectNode().put("error_code", e.code).put("message", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                body = json.createObjectNode().put("error_code", 50001).put("message", "Error in the backend data store: " + e.getMessage());
            }
            byte[] bytes = body instanceof String raw ? raw.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Object route(String method, URI uri, InputStream requestBody) throws IOException {
        List<String> path = segments(uri);
        Map<String, String> query = query(uri);
        boolean deleted = Boolean.parseBoolean(query.getOrDefault("deleted", "false"));
        boolean permanent = Boolean.parseBoolean(query.getOrDefault("permanent", "false"));
        int n = path.size();
        String first = n > 0 ? path.get(0) : "";
        if (n == 0 && method.equals("GET")) {
            return json.createObjectNode();
        }
        switch (first) {
            case "subjects" -> {
                if (n == 1 && method.equals("GET")) {
                    return store.subjects(deleted);
                }
                String subject = n > 1 ? path.get(1) : null;
                if (n == 2 && method.equals("POST")) {
                    return version(store.lookup(subject, schemaText(requestBody), deleted));
                }
                if (n == 2 && method.equals("DELETE")) {
                    return store.deleteSubject(subject, permanent);
                }
                if (n == 3 && path.get(2).equals("versions") && method.equals("GET")) {
                    return store.versions(subject, deleted);
                }
                if (n == 3 && path.get(2).equals("versions") && method.equals("POST")) {
                    SchemaStore.Version v = store.register(subject, schemaText(requestBody));
                    return json.createObjectNode().put("id", v.id()).put("version", v.version()).put("subject", v.subject()).put("schema", v.schema());
                }
                if (n == 4 && path.get(2).equals("versions") && method.equals("GET")) {
                    return version(store.version(subject, path.get(3), deleted));
                }
                if (n == 4 && path.get(2).equals("versions") && method.equals("DELETE")) {
                    return store.deleteVersion(subject, path.get(3), permanent);
                }
                if (n == 5 && path.get(2).equals("versions") && path.get(4).equals("schema") && method.equals("GET")) {
                    return store.version(subject, path.get(3), deleted).schema();
                }
            }
            case "schemas" -> {
                if (n == 2 && path.get(1).equals("types") && method.equals("GET")) {
                    return List.of("AVRO");
                }
                if (n >= 3 && path.get(1).equals("ids") && method.equals("GET")) {
                    int id = schemaId(path.get(2));
                    if (n == 3) {
                        return json.createObjectNode().put("schema", store.schemaById(id));
                    }
                    if (n == 4 && path.get(3).equals("schema")) {
                        return store.schemaById(id);
                    }
                    if (n == 4 && path.get(3).equals("versions")) {
                        ArrayNode out = json.createArrayNode();
                        store.versionsOfId(id).forEach(v -> out.addObject().put("subject", v.subject()).put("version", v.version()));
                        return out;
                    }
                }
            }
            case "config" -> {
                String subject = n == 2 ? path.get(1) : null;
                if (n <= 2 && method.equals("GET")) {
                    CompatibilityLevel level = subject == null ? store.globalLevel()
                            : store.subjectLevel(subject).orElseGet(() -> {
                                if (Boolean.parseBoolean(query.getOrDefault("defaultToGlobal", "false"))) {
                                    return store.globalLevel();
                                }
                                throw new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
                            });
                    return json.createObjectNode().put("compatibilityLevel", level.name());
                }
                if (n <= 2 && method.equals("PUT")) {
                    CompatibilityLevel level = CompatibilityLevel.parse(readJson(requestBody).path("compatibility").asText(null));
                    if (level == null) {
                        throw RegistryError.invalidCompatibility();
                    }
                    store.setLevel(subject, level);
                    return json.createObjectNode().put("compatibility", level.name());
                }
                if (n == 2 && method.equals("DELETE")) {
                    return json.createObjectNode().put("compatibilityLevel", store.deleteSubjectLevel(subject).name());
                }
            }
            case "compatibility" -> {
                if ((n == 4 || n == 5) && path.get(1).equals("subjects") && path.get(3).equals("versions") && method.equals("POST")) {
                    List<String> violations = store.compatibility(path.get(2), n == 5 ? path.get(4) : null, schemaText(requestBody));
                    ObjectNode out = json.createObjectNode().put("is_compatible", violations.isEmpty());
                    if (Boolean.parseBoolean(query.getOrDefault("verbose", "false"))) {
                        violations.forEach(out.putArray("messages")::add);
                    }
                    return out;
                }
            }
            default -> {
                // fall through to 404
            }
        }
        throw new RegistryError(404, 404, "HTTP 404 Not Found");
    }

    private ObjectNode version(SchemaStore.Version v) {
        return json.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id()).put("schema", v.schema());
    }

    /** The "schema" of a request body; other schema types than Avro are refused. */
    private String schemaText(InputStream body) throws IOException {
        JsonNode request = readJson(body);
        String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryError.invalidSchema("of type " + type + ": this development registry stores Avro schemas only");
        }
        if (request.path("references").size() > 0) {
            throw RegistryError.invalidSchema("with references: not supported by this development registry");
        }
        JsonNode schema = request.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new RegistryError(422, 42201, "Invalid schema: the request has no \"schema\" string");
        }
        return schema.asText();
    }

    private JsonNode readJson(InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        if (bytes.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RegistryError(400, 400, "Unrecognized request body: " + e.getOriginalMessage());
        }
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("Schema " + text + " not found");
        }
    }

    private static List<String> segments(URI uri) {
        String raw = uri.getRawPath();
        return java.util.Arrays.stream(raw.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
