package io.lakehouse.vectord.embed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls an OpenAI-compatible {@code /v1/embeddings} endpoint (OpenAI, Ollama, vLLM): {@code {"model","input":[...]}}
 * in batches of {@code batchSize}, each request with a timeout; a 5xx, 429, timeout or connection failure is retried
 * with exponential backoff and jitter, other 4xx answers are not.
 */
public final class OpenAiEmbedder implements Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiEmbedder.class);

    /** Tunables, from {@code lakehouse.vectord.embedder.*}. */
    public record Options(Duration connectTimeout, Duration requestTimeout, int maxRetries, Duration backoff,
                          int batchSize) {
    }

    private final URI url;
    private final String model;
    private final String apiKey;
    private final int dim;
    private final Options options;
    private final HttpClient http;
    private final JsonMapper json;

    public OpenAiEmbedder(URI url, String model, String apiKey, int dim, Options options, JsonMapper json) {
        this.url = url;
        this.model = model;
        this.apiKey = apiKey;
        this.dim = dim;
        this.options = options;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += options.batchSize()) {
            out.addAll(embedBatch(texts.subList(i, Math.min(texts.size(), i + options.batchSize()))));
        }
        return out;
    }

    private List<float[]> embedBatch(List<String> batch) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        batch.forEach(input::add);
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (apiKey != null && !apiKey.isBlank()) {
            req.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest request = req.build();
        String lastProblem = "no attempt";
        boolean lastTimeout = false;
        for (int attempt = 0; attempt <= options.maxRetries(); attempt++) {
            if (attempt > 0) {
                sleepBackoff(attempt);
            }
            try {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = r.statusCode();
                if (status == 200) {
                    return parse(r.body(), batch.size());
                }
                lastTimeout = false;
                lastProblem = "embedder answered " + status;
                if (status < 500 && status != 429) {
                    throw new EmbedderException(lastProblem + ": " + snippet(r.body()), false, false);
                }
                LOG.warn("embedder {} answered {} (attempt {} of {})", url, status, attempt + 1, options.maxRetries() + 1);
            } catch (HttpTimeoutException e) {
                lastTimeout = true;
                lastProblem = "embedder did not answer within " + options.requestTimeout().toMillis() + " ms";
                LOG.warn("{} (attempt {} of {})", lastProblem, attempt + 1, options.maxRetries() + 1);
            } catch (IOException e) {
                lastTimeout = false;
                lastProblem = "embedder unreachable: " + e;
                LOG.warn("{} (attempt {} of {})", lastProblem, attempt + 1, options.maxRetries() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbedderException("interrupted while calling the embedder", false, false);
            }
        }
        throw new EmbedderException(lastProblem + " after " + (options.maxRetries() + 1) + " attempts", lastTimeout,
                false);
    }

    private void sleepBackoff(int attempt) {
        long base = options.backoff().toMillis() << Math.min(attempt - 1, 10);
        long jitter = base <= 1 ? 0 : ThreadLocalRandom.current().nextLong(base / 2);
        try {
            Thread.sleep(base + jitter);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbedderException("interrupted while backing off", false, false);
        }
    }

    private List<float[]> parse(byte[] bytes, int expected) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (RuntimeException e) {
            throw new EmbedderException("embedder answered with invalid JSON", false, false);
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isArray() || data.size() != expected) {
            throw new EmbedderException("embedder answered " + (data == null ? "no data" : data.size() + " embeddings")
                    + " for " + expected + " inputs", false, false);
        }
        float[][] out = new float[expected][];
        for (int i = 0; i < data.size(); i++) {
            JsonNode d = data.get(i);
            int index = d.has("index") ? d.get("index").asInt() : i;
            JsonNode emb = d.get("embedding");
            if (index < 0 || index >= expected || out[index] != null || emb == null || !emb.isArray()) {
                throw new EmbedderException("embedder answered a malformed data[" + i + "]", false, false);
            }
            if (emb.size() != dim) {
                throw new EmbedderException("embedder answered " + emb.size() + " dimensions, index expects " + dim,
                        false, false);
            }
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = (float) emb.get(j).asDouble();
            }
            out[index] = v;
        }
        return List.of(out);
    }

    private static String snippet(byte[] body) {
        String s = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
