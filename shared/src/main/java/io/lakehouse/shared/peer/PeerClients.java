package io.lakehouse.shared.peer;

import io.lakehouse.shared.auth.AuthToken;
import io.lakehouse.shared.config.LakehouseProperties;
import io.lakehouse.shared.web.RequestIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed HTTP clients for peer daemons: base URL from {@code lakehouse.peers.*}, the shared bearer token, the
 * current request id, connect and read timeouts, and error answers turned into {@link PeerException}.
 */
public final class PeerClients {
    private final LakehouseProperties properties;
    private final AuthToken token;
    private final RestClient.Builder builder;
    private final JsonMapper json;

    public PeerClients(LakehouseProperties properties, AuthToken token, RestClient.Builder builder, JsonMapper json) {
        this.properties = properties;
        this.token = token;
        this.builder = builder;
        this.json = json;
    }

    /** Base URL of a peer; unknown names are a configuration error. */
    public URI baseUrl(String peer) {
        URI uri = properties.peers().get(peer);
        if (uri == null) {
            throw new IllegalArgumentException("no peer named '" + peer + "' in lakehouse.peers " + properties.peers().keySet());
        }
        return uri;
    }

    /** A client for one peer. Requests that fail raise {@link PeerException}. */
    public RestClient client(String peer) {
        var http = HttpClient.newBuilder().connectTimeout(properties.http().peerConnectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        var factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(properties.http().peerReadTimeout());
        return builder.clone()
                .baseUrl(baseUrl(peer).toString())
                .requestFactory(factory)
                .requestInterceptor((request, body, execution) -> {
                    if (token.enabled()) {
                        request.getHeaders().set(HttpHeaders.AUTHORIZATION, token.authorizationHeader());
                    }
                    String id = MDC.get(RequestIds.MDC_KEY);
                    if (id != null) {
                        request.getHeaders().set(RequestIds.HEADER, id);
                    }
                    try {
                        return execution.execute(request, body);
                    } catch (java.io.IOException e) {
                        throw new PeerException(peer, 0, "unreachable", e.getMessage(), e);
                    }
                })
                .defaultStatusHandler(status -> status.isError(), (request, response) -> {
                    byte[] bytes = response.getBody().readAllBytes();
                    String code = null;
                    String detail = null;
                    try {
                        JsonNode n = json.readTree(bytes);
                        code = n.path("code").asString(null);
                        detail = n.path("detail").asString(null);
                    } catch (RuntimeException notJson) {
                        detail = new String(bytes, 0, Math.min(bytes.length, 200), java.nio.charset.StandardCharsets.UTF_8);
                    }
                    throw new PeerException(peer, response.getStatusCode().value(), code, detail, null);
                })
                .build();
    }

    /** Runs {@code call}, turning transport failures (refused, timed out) into {@link PeerException}. */
    public static <T> T call(String peer, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceAccessException e) {
            throw new PeerException(peer, 0, "unreachable", e.getMostSpecificCause().getMessage(), e);
        }
    }

    /** Names and URLs of every configured peer. */
    public Map<String, URI> peers() {
        return properties.peers();
    }
}
