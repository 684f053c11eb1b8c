package io.lakehouse.pathwayd;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny JSON-over-HTTP client for tests. */
public final class Http {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(String base) {
        this.base = base;
    }

    public record Answer(int status, JsonNode body, String raw, HttpResponse<String> response) {
        public String code() {
            return body == null ? null : body.path("code").asString(null);
        }

        public String id() {
            return body.get("id").asString();
        }
    }

    public Answer send(String method, String path, String body, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.setHeader(headers[i], headers[i + 1]);
            }
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), node, r.body(), r);
        } catch (Exception e) {
            throw new RuntimeException(method + " " + path + ": " + e, e);
        }
    }

    public Answer post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    public Answer put(String path, String body) {
        return send("PUT", path, body);
    }

    public Answer patch(String path, String body, String... headers) {
        return send("PATCH", path, body, headers);
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public static String json(Object o) {
        return JSON.writeValueAsString(o);
    }
}
