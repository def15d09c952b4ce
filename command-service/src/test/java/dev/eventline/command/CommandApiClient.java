package dev.eventline.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Speaks the command API over plain HTTP, as a service would. */
public final class CommandApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public CommandApiClient(URI base) {
        this.base = base;
    }

    public record Answer(int status, Map<String, String> headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** A request to build: a command by default; headers and method can be changed. */
    public final class Call {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String method = "POST";
        private String path;
        private String body = "";

        private Call(String path) {
            this.path = path;
            headers.put("Content-Type", "application/json");
        }

        public Call token(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Call key(String idempotencyKey) {
            return header("Idempotency-Key", idempotencyKey);
        }

        public Call ifMatch(long version) {
            return header("If-Match", "\"" + version + "\"");
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Call without(String header) {
            headers.remove(header);
            return this;
        }

        public Call body(String json) {
            this.body = json;
            return this;
        }

        public Call method(String method) {
            this.method = method;
            return this;
        }

        public Answer send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                Map<String, String> flat = new LinkedHashMap<>();
                response.headers().map().forEach((name, values) -> flat.put(name.toLowerCase(java.util.Locale.ROOT), String.join(", ", values)));
                return new Answer(response.statusCode(), flat, response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public Call command(String aggregateType, String aggregateId, String commandType) {
        return new Call("/v1/commands/" + aggregateType + "/" + aggregateId + "/" + commandType);
    }

    public Call path(String path) {
        return new Call(path);
    }
}
