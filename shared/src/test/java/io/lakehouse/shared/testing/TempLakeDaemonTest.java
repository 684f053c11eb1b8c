package io.lakehouse.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Base for {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} tests of a daemon: a fresh temporary lake as the
 * store, the port, and a real HTTP client. Shipped in the shared test-jar for every daemon's tests.
 *
 * <p>The lake is deleted after each test class, so each class gets its own context ({@link DirtiesContext}): a
 * cached context would otherwise outlive its store directory.
 */
@DirtiesContext
public abstract class TempLakeDaemonTest {
    @TempDir
    protected static Path lake;

    @DynamicPropertySource
    static void temporaryLake(DynamicPropertyRegistry registry) {
        registry.add("lakehouse.storage.uri", () -> lake.toUri().toString());
    }

    @LocalServerPort
    protected int port;

    protected final HttpClient http = HttpClient.newHttpClient();

    /** {@code http://127.0.0.1:<port><path>}. */
    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A GET over real HTTP, body as text. */
    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asserts the readiness probe answers 200 UP: the store and the daemon's own core are ready. */
    protected void assertReady() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/actuator/health/readiness");
        assertThat(r.statusCode()).as("readiness status, body %s", r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"UP\"");
    }
}
