package dev.eventline.command;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.eventline.testkit.Http;
import dev.eventline.testkit.Http.Answer;

/** Speaks the command API over plain HTTP, as a service would: requests built call by call, sent by the testkit's {@link Http}. */
public final class CommandApiClient {

    private final Http http;
    private final URI base;

    public CommandApiClient(URI base) {
        this.http = new Http(base);
        this.base = base;
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
            return http.send(request.build());
        }
    }

    public Call command(String aggregateType, String aggregateId, String commandType) {
        return new Call("/v1/commands/" + aggregateType + "/" + aggregateId + "/" + commandType);
    }

    public Call path(String path) {
        return new Call(path);
    }
}
