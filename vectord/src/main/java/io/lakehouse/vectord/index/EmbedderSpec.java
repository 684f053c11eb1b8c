package io.lakehouse.vectord.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.Objects;

/**
 * How an index turns text into vectors: {@code hash} (built in) or {@code openai} (an OpenAI-compatible embeddings
 * endpoint). {@code apiKeyEnv} names an environment variable holding a bearer key, so the key is never stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbedderSpec(String type, String url, String model, String apiKeyEnv) {
    public EmbedderSpec {
        Objects.requireNonNull(type, "type is null");
        switch (type) {
            case "hash" -> {
                if (url != null || model != null || apiKeyEnv != null) {
                    throw new IllegalArgumentException("embedder 'hash' takes no url, model or api_key_env");
                }
            }
            case "openai" -> {
                if (url == null || url.isBlank()) {
                    throw new IllegalArgumentException("embedder 'openai' needs a url");
                }
                URI u;
                try {
                    u = URI.create(url);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("embedder url is not a URI: " + url);
                }
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                    throw new IllegalArgumentException("embedder url must be http or https: " + url);
                }
                if (model == null || model.isBlank()) {
                    throw new IllegalArgumentException("embedder 'openai' needs a model");
                }
            }
            default -> throw new IllegalArgumentException("unknown embedder type '" + type + "': expected hash or openai");
        }
    }
}
