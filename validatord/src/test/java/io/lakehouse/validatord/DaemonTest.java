package io.lakehouse.validatord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The daemon on a random port over a temporary lake, shared by every HTTP test class (one Spring context for all).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class DaemonTest {
    static final Path LAKE = tempLake();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("lakehouse.storage.uri", () -> LAKE.toUri().toString());
        registry.add("lakehouse.validatord.poll-interval", () -> "200ms");
    }

    private static Path tempLake() {
        try {
            return Files.createTempDirectory("validatord-test-lake");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Status and parsed body of one request. */
    record Answer(int status, JsonNode body, String contentType) {
    }

    Answer send(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode parsed = r.body().length == 0 ? null : HttpFixture.JSON.readTree(r.body());
        return new Answer(r.statusCode(), parsed, r.headers().firstValue("Content-Type").orElse(""));
    }

    Answer post(String path, String body) throws Exception {
        return send("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    Answer get(String path) throws Exception {
        return send("GET", path, null, null);
    }
}
