package dev.eventline.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventline.devstack.Ports;
import dev.eventline.devstack.kafka.KraftBroker;
import dev.eventline.devstack.kafka.KraftBroker.KraftBrokerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The Confluent REST API subset, over HTTP, with the registry's state on a real broker. */
class SchemaRegistryApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String V1 = record("{\"name\":\"id\",\"type\":\"string\"}");
    private static final String V2_WITH_DEFAULT = record("{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}");
    private static final String V2_REQUIRED = record("{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"note\",\"type\":\"string\"}");

    @TempDir
    static Path dir;
    static KraftBroker broker;
    SchemaRegistryServer registry;
    String topic;
    String subject;

    @BeforeAll
    static void startBroker() {
        broker = new KraftBroker(new KraftBrokerConfig(Ports.free(), Ports.free(), dir.resolve("kafka"), Map.of())).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void startRegistry(TestInfo test) {
        topic = "_schemas_" + test.getTestMethod().orElseThrow().getName();
        subject = "ledger.events.account-value";
        registry = newRegistry();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private SchemaRegistryServer newRegistry() {
        return new SchemaRegistryServer(Ports.free(), new KafkaSchemaLog(broker.bootstrapServers(), topic), CompatibilityLevel.BACKWARD).start();
    }

    @Test
    void shouldRegisterFetchAndListSchemas() throws Exception {
        int id = post("/subjects/" + subject + "/versions", schemaBody(V1)).path("id").asInt();

        assertThat(id).isPositive();
        assertThat(post("/subjects/" + subject + "/versions", schemaBody(V1)).path("id").asInt()).as("same schema again").isEqualTo(id);
        assertThat(post("/subjects/other-value/versions", schemaBody(V1)).path("id").asInt()).as("ids are global").isEqualTo(id);
        assertThat(JSON.readTree(get("/schemas/ids/" + id).path("schema").asText()).path("name").asText()).isEqualTo("Sample");
        assertThat(get("/subjects").toString()).contains(subject, "other-value");
        assertThat(get("/subjects/" + subject + "/versions").toString()).isEqualTo("[1]");
        JsonNode latest = get("/subjects/" + subject + "/versions/latest");
        assertThat(latest.path("version").asInt()).isEqualTo(1);
        assertThat(latest.path("id").asInt()).isEqualTo(id);
        assertThat(latest.path("subject").asText()).isEqualTo(subject);
        assertThat(call("GET", "/subjects/" + subject + "/versions/1/schema", null).body()).contains("\"Sample\"");
        assertThat(get("/schemas/ids/" + id + "/versions").toString()).contains(subject, "other-value");
    }

    @Test
    void shouldLookUpASchemaUnderASubject() throws Exception {
        int id = post("/subjects/" + subject + "/versions", schemaBody(V1)).path("id").asInt();

        JsonNode found = post("/subjects/" + subject, schemaBody(V1));
        assertThat(found.path("id").asInt()).isEqualTo(id);
        assertThat(found.path("version").asInt()).isEqualTo(1);
        assertError(call("POST", "/subjects/" + subject, schemaBody(V2_WITH_DEFAULT)), 404, 40403);
        assertError(call("POST", "/subjects/nobody", schemaBody(V1)), 404, 40401);
    }

    @Test
    void shouldRefuseAnIncompatibleChangeUnderBackward() throws Exception {
        post("/subjects/" + subject + "/versions", schemaBody(V1));

        HttpResponse<String> refused = call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_REQUIRED));
        assertError(refused, 409, 409);
        assertThat(JSON.readTree(refused.body()).path("message").asText()).contains("incompatible", "note");

        assertThat(post("/subjects/" + subject + "/versions", schemaBody(V2_WITH_DEFAULT)).path("id").asInt()).isPositive();
        assertThat(get("/subjects/" + subject + "/versions").toString()).isEqualTo("[1,2]");
    }

    @Test
    void shouldApplyForwardFullAndNone() throws Exception {
        post("/subjects/fwd/versions", schemaBody(V1));
        put("/config/fwd", "{\"compatibility\":\"FORWARD\"}");
        assertThat(post("/subjects/fwd/versions", schemaBody(V2_REQUIRED)).has("id")).as("old readers ignore a new field").isTrue();

        post("/subjects/full/versions", schemaBody(V1));
        put("/config/full", "{\"compatibility\":\"FULL\"}");
        assertError(call("POST", "/subjects/full/versions", schemaBody(V2_REQUIRED)), 409, 409);
        assertThat(post("/subjects/full/versions", schemaBody(V2_WITH_DEFAULT)).has("id")).isTrue();

        post("/subjects/none/versions", schemaBody(V1));
        put("/config/none", "{\"compatibility\":\"NONE\"}");
        assertThat(post("/subjects/none/versions", schemaBody(record("{\"name\":\"id\",\"type\":\"int\"}"))).has("id")).isTrue();
    }

    @Test
    void shouldCheckEveryEarlierVersionOnlyWhenTransitive() throws Exception {
        String intField = record("{\"name\":\"x\",\"type\":\"int\"}");
        String empty = record("");
        String stringField = record("{\"name\":\"x\",\"type\":\"string\",\"default\":\"\"}");
        for (String s : new String[] {"plain", "transitive"}) {
            post("/subjects/" + s + "/versions", schemaBody(intField));
            post("/subjects/" + s + "/versions", schemaBody(empty));
        }
        put("/config/transitive", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");

        // x as a string reads version 2 (no x) but not version 1 (x an int).
        assertThat(post("/subjects/plain/versions", schemaBody(stringField)).has("id")).isTrue();
        assertError(call("POST", "/subjects/transitive/versions", schemaBody(stringField)), 409, 409);
    }

    @Test
    void shouldAnswerCompatibilityChecks() throws Exception {
        post("/subjects/" + subject + "/versions", schemaBody(V1));

        assertThat(post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(V2_WITH_DEFAULT)).path("is_compatible").asBoolean()).isTrue();
        JsonNode no = post("/compatibility/subjects/" + subject + "/versions/1?verbose=true", schemaBody(V2_REQUIRED));
        assertThat(no.path("is_compatible").asBoolean()).isFalse();
        assertThat(no.path("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(post("/compatibility/subjects/" + subject + "/versions", schemaBody(V2_WITH_DEFAULT)).path("is_compatible").asBoolean()).isTrue();
        assertError(call("POST", "/compatibility/subjects/" + subject + "/versions/7", schemaBody(V1)), 404, 40402);
    }

    @Test
    void shouldManageGlobalAndSubjectConfig() throws Exception {
        assertThat(get("/config").path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(put("/config", "{\"compatibility\":\"full_transitive\"}").path("compatibility").asText()).isEqualTo("FULL_TRANSITIVE");
        assertThat(get("/config").path("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");

        assertError(call("GET", "/config/" + subject, null), 404, 40408);
        assertThat(get("/config/" + subject + "?defaultToGlobal=true").path("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
        put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
        assertThat(get("/config/" + subject).path("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(call("DELETE", "/config/" + subject, null).statusCode()).isEqualTo(200);
        assertError(call("GET", "/config/" + subject, null), 404, 40408);

        assertError(call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
    }

    @Test
    void shouldRejectBadRequestsWithConfluentErrorCodes() throws Exception {
        assertError(call("POST", "/subjects/" + subject + "/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"nope\"}]}")), 422, 42201);
        assertError(call("POST", "/subjects/" + subject + "/versions", "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"), 422, 42201);
        assertError(call("GET", "/subjects/nobody/versions", null), 404, 40401);
        assertError(call("GET", "/schemas/ids/99999", null), 404, 40403);
        post("/subjects/" + subject + "/versions", schemaBody(V1));
        assertError(call("GET", "/subjects/" + subject + "/versions/5", null), 404, 40402);
        assertError(call("GET", "/subjects/" + subject + "/versions/-3", null), 422, 42202);
    }

    @Test
    void shouldSoftDeleteBeforePermanentDelete() throws Exception {
        int id = post("/subjects/" + subject + "/versions", schemaBody(V1)).path("id").asInt();
        post("/subjects/" + subject + "/versions", schemaBody(V2_WITH_DEFAULT));

        assertError(call("DELETE", "/subjects/" + subject + "/versions/1?permanent=true", null), 404, 40407);
        assertThat(call("DELETE", "/subjects/" + subject + "/versions/1", null).body()).isEqualTo("1");
        assertThat(get("/subjects/" + subject + "/versions").toString()).isEqualTo("[2]");
        assertThat(get("/subjects/" + subject + "/versions?deleted=true").toString()).isEqualTo("[1,2]");
        assertThat(call("DELETE", "/subjects/" + subject + "/versions/1?permanent=true", null).body()).isEqualTo("1");
        // Records written with a deleted schema stay readable: the id keeps its schema.
        assertThat(get("/schemas/ids/" + id).has("schema")).isTrue();

        assertThat(call("DELETE", "/subjects/" + subject, null).body()).isEqualTo("[2]");
        assertError(call("GET", "/subjects/" + subject + "/versions", null), 404, 40401);
        assertThat(get("/subjects").toString()).doesNotContain(subject);
    }

    @Test
    void shouldKeepSchemasIdsAndConfigAcrossARestart() throws Exception {
        int first = post("/subjects/" + subject + "/versions", schemaBody(V1)).path("id").asInt();
        int second = post("/subjects/" + subject + "/versions", schemaBody(V2_WITH_DEFAULT)).path("id").asInt();
        put("/config/" + subject, "{\"compatibility\":\"FULL\"}");
        registry.close();

        registry = newRegistry();

        assertThat(get("/subjects/" + subject + "/versions").toString()).isEqualTo("[1,2]");
        assertThat(get("/subjects/" + subject + "/versions/2").path("id").asInt()).isEqualTo(second);
        assertThat(get("/config/" + subject).path("compatibilityLevel").asText()).isEqualTo("FULL");
        int third = post("/subjects/new-value/versions", schemaBody(record("{\"name\":\"z\",\"type\":\"long\"}"))).path("id").asInt();
        assertThat(third).as("ids are never reused").isGreaterThan(Math.max(first, second));
    }

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"Sample\",\"namespace\":\"test\",\"fields\":[" + fields + "]}";
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private JsonNode get(String path) throws Exception {
        return ok(call("GET", path, null));
    }

    private JsonNode post(String path, String body) throws Exception {
        return ok(call("POST", path, body));
    }

    private JsonNode put(String path, String body) throws Exception {
        return ok(call("PUT", path, body));
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, int code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("error_code").asInt()).as(response.body()).isEqualTo(code);
        assertThat(response.headers().firstValue("Content-Type")).contains(SchemaRegistryServer.CONTENT_TYPE);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
