package io.lakehouse.shared.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.shared.testapp.TestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.junit.jupiter.api.extension.ExtendWith;

/** With a token configured, everything but liveness and readiness needs it. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"lakehouse.auth.token=s3cret-token-value", "lakehouse.http.access-log=true"})
@ExtendWith(OutputCaptureExtension.class)
class BearerTokenFilterTest {
    @TempDir
    static Path lake;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("lakehouse.storage.uri", () -> lake.toUri().toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void missingTokenIs401Problem() throws Exception {
        HttpResponse<String> r = get("/actuator/prometheus", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        assertThat(r.body()).contains("\"code\":\"unauthorized\"").contains("\"request_id\"");
    }

    @Test
    void wrongTokenIs401() throws Exception {
        assertThat(get("/actuator/prometheus", "Bearer nope").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "Basic czNjcmV0").statusCode()).isEqualTo(401);
        assertThat(get("/no/such/route", null).statusCode()).isEqualTo(401);
    }

    @Test
    void rightTokenPasses() throws Exception {
        assertThat(get("/actuator/prometheus", "Bearer s3cret-token-value").statusCode()).isEqualTo(200);
        assertThat(get("/no/such/route", "Bearer s3cret-token-value").statusCode()).isEqualTo(404);
    }

    @Test
    void probesStayOpen() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(401);
    }

    @Test
    void tokenNeverLogged(CapturedOutput output) throws Exception {
        get("/actuator/prometheus", "Bearer s3cret-token-value");
        get("/actuator/prometheus", "Bearer wrong-guess");
        assertThat(output.getAll()).contains("/actuator/prometheus").doesNotContain("s3cret-token-value")
                .doesNotContain("wrong-guess");
    }
}
