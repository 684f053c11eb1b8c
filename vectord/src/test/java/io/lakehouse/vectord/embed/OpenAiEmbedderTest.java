package io.lakehouse.vectord.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Against a local server that speaks the OpenAI embeddings protocol: request shape, batching, retry, timeout. */
class OpenAiEmbedderTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> auth = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger status = new AtomicInteger(503);
    volatile long delayMillis;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            requests.add(body);
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] out;
            int code;
            if (failuresLeft.getAndDecrement() > 0) {
                code = status.get();
                out = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            } else {
                code = 200;
                ObjectNode resp = JSON.createObjectNode();
                resp.put("object", "list");
                ArrayNode data = resp.putArray("data");
                int i = 0;
                // answer in reverse order: the client must place embeddings by "index"
                List<JsonNode> inputs = new java.util.ArrayList<>();
                body.get("input").forEach(inputs::add);
                for (int j = inputs.size() - 1; j >= 0; j--) {
                    ObjectNode d = data.addObject();
                    d.put("object", "embedding");
                    d.put("index", j);
                    ArrayNode e = d.putArray("embedding");
                    e.add(inputs.get(j).asString().length());
                    e.add(1.0);
                    e.add(0.0);
                    i++;
                }
                resp.put("model", body.get("model").asString());
                out = JSON.writeValueAsBytes(resp);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(code, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    OpenAiEmbedder embedder(Duration timeout, int retries, int batch) {
        return new OpenAiEmbedder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/embeddings"),
                "nomic-embed-text", "sk-test", 3,
                new OpenAiEmbedder.Options(Duration.ofSeconds(1), timeout, retries, Duration.ofMillis(5), batch), JSON);
    }

    @Test
    void requestShapeAndBatching() {
        List<String> texts = List.of("a", "bb", "ccc", "dddd", "eeeee");
        List<float[]> out = embedder(Duration.ofSeconds(2), 0, 2).embed(texts);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).get("model").asString()).isEqualTo("nomic-embed-text");
        assertThat(requests.get(0).get("input").size()).isEqualTo(2);
        assertThat(requests.get(2).get("input").size()).isEqualTo(1);
        assertThat(auth).allMatch(a -> a.equals("Bearer sk-test"));
        for (int i = 0; i < texts.size(); i++) {
            assertThat(out.get(i)[0]).isEqualTo(texts.get(i).length());
        }
    }

    @Test
    void retriesOn5xxThenSucceeds() {
        failuresLeft.set(2);
        List<float[]> out = embedder(Duration.ofSeconds(2), 3, 64).embed(List.of("x"));
        assertThat(out).hasSize(1);
        assertThat(requests).hasSize(3);
    }

    @Test
    void givesUpAfterRetries() {
        failuresLeft.set(100);
        assertThatThrownBy(() -> embedder(Duration.ofSeconds(2), 2, 64).embed(List.of("x")))
                .isInstanceOf(EmbedderException.class).hasMessageContaining("503").hasMessageContaining("3 attempts");
        assertThat(requests).hasSize(3);
    }

    @Test
    void doesNotRetryOn4xx() {
        failuresLeft.set(1);
        status.set(400);
        assertThatThrownBy(() -> embedder(Duration.ofSeconds(2), 3, 64).embed(List.of("x")))
                .isInstanceOf(EmbedderException.class).hasMessageContaining("400");
        assertThat(requests).hasSize(1);
    }

    @Test
    void timesOut() {
        delayMillis = 1_000;
        long start = System.nanoTime();
        assertThatThrownBy(() -> embedder(Duration.ofMillis(150), 1, 64).embed(List.of("x")))
                .isInstanceOfSatisfying(EmbedderException.class, e -> assertThat(e.timeout()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(requests).hasSize(2);
    }

    @Test
    void wrongDimensionIsAnError() {
        OpenAiEmbedder e = new OpenAiEmbedder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1/embeddings"), "m", null, 8,
                new OpenAiEmbedder.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofMillis(1), 8), JSON);
        assertThatThrownBy(() -> e.embed(List.of("x"))).hasMessageContaining("3 dimensions");
    }
}
