package io.lakehouse.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.shared.testapp.TestApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The error, request-id and limit rules every daemon follows, over real HTTP. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "lakehouse.http.max-body-size=1KB")
class SharedRulesTest {
    @TempDir
    static Path lake;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("lakehouse.storage.uri", () -> lake.toUri().toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private JsonNode problem(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("code").asString()).isEqualTo(code);
        assertThat(body.path("request_id").asString()).isNotBlank()
                .isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(body.path("title").asString()).isNotBlank();
        return body;
    }

    @Test
    void unknownRouteIsProblem404() throws Exception {
        problem(send(req("/no/such/route")), 404, "not_found");
    }

    @Test
    void wrongMethodIsProblem405() throws Exception {
        problem(send(req("/echo").GET()), 405, "method_not_allowed");
    }

    @Test
    void wrongMediaTypeIsProblem415() throws Exception {
        problem(send(req("/echo").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hi"))), 415, "unsupported_media_type");
    }

    @Test
    void unreadableJsonIsProblem400() throws Exception {
        JsonNode body = problem(send(req("/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"some_value\": "))), 400, "malformed_request");
        assertThat(body.path("detail").asString()).contains("not valid JSON");
    }

    @Test
    void bodyOverLimitIsProblem413() throws Exception {
        String big = "{\"some_value\":\"" + "x".repeat(2000) + "\"}";
        JsonNode body = problem(send(req("/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big))), 413, "payload_too_large");
        assertThat(body.path("limit_bytes").asLong()).isEqualTo(1024);
    }

    @Test
    void chunkedBodyOverLimitIsProblem413() throws Exception {
        byte[] big = ("{\"some_value\":\"" + "x".repeat(5000) + "\"}").getBytes();
        // An InputStream publisher has no length, so the body goes chunked and only counting catches it.
        problem(send(req("/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))),
                413, "payload_too_large");
    }

    @Test
    void unexpectedFailureIs500WithoutInternals() throws Exception {
        HttpResponse<String> r = send(req("/boom"));
        JsonNode body = problem(r, 500, "internal_error");
        assertThat(r.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException")
                .doesNotContain("at io.lakehouse");
        assertThat(body.path("detail").asString()).contains(body.path("request_id").asString());
    }

    @Test
    void fullQueueIs429WithRetryAfter() throws Exception {
        HttpResponse<String> r = send(req("/busy"));
        problem(r, 429, "too_many_requests");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void apiExceptionKeepsItsDetail() throws Exception {
        JsonNode body = problem(send(req("/missing")), 404, "not_found");
        assertThat(body.path("detail").asString()).isEqualTo("no widget named 'x'");
        assertThat(body.path("instance").asString()).isEqualTo("/missing");
    }

    @Test
    void requestIdIsEchoedWhenSaneAndReplacedWhenNot() throws Exception {
        HttpResponse<String> mine = send(req("/actuator/health/liveness").header("X-Request-Id", "run-42.a"));
        assertThat(mine.headers().firstValue("X-Request-Id")).hasValue("run-42.a");
        HttpResponse<String> hostile = send(req("/actuator/health/liveness").header("X-Request-Id", "a b<script>"));
        assertThat(hostile.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    }

    @Test
    void successfulJsonUsesSnakeCase() throws Exception {
        HttpResponse<String> r = send(req("/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"some_value\":\"v\"}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).path("some_value").asString()).isEqualTo("v");
    }

    @Test
    void probesMetricsAndApiDocsAnswer() throws Exception {
        assertThat(send(req("/actuator/health/readiness")).body()).contains("\"UP\"");
        HttpResponse<String> prom = send(req("/actuator/prometheus"));
        assertThat(prom.statusCode()).isEqualTo(200);
        assertThat(prom.body()).contains("jvm_memory_used_bytes");
        HttpResponse<String> docs = send(req("/v3/api-docs"));
        assertThat(json.readTree(docs.body()).path("openapi").asString()).startsWith("3.");
    }
}
