package io.lakehouse.vectord.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny JSON-over-HTTP client for tests. */
public final class Http {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    public Http(String base) {
        this.base = base;
    }

    public record Answer(int status, JsonNode body, String raw) {
    }

    public Answer send(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), node, r.body());
        } catch (Exception e) {
            throw new RuntimeException(method + " " + path + ": " + e, e);
        }
    }

    public Answer put(String path, String body) {
        return send("PUT", path, body);
    }

    public Answer post(String path, String body) {
        return send("POST", path, body);
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null);
    }
}
