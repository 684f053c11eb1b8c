package io.lakehouse.matrixd.peer;

import io.lakehouse.shared.peer.PeerClients;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * JSON calls to peer daemons through the shared {@link PeerClients} (URLs, token, request id, timeouts). One client
 * per peer for the daemon's life: {@code PeerClients.client} builds a new HTTP client (with its own connection pool
 * and selector thread) on every call, which a per-request caller cannot afford.
 */
public final class Peers {
    private final PeerClients clients;
    private final ConcurrentHashMap<String, RestClient> cache = new ConcurrentHashMap<>();

    public Peers(PeerClients clients) {
        this.clients = clients;
    }

    /** POSTs {@code body} as JSON and reads the JSON answer; failures raise {@code PeerException}. */
    public JsonNode post(String peer, String path, Object body) {
        RestClient client = cache.computeIfAbsent(peer, clients::client);
        return PeerClients.call(peer, () -> client.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON).body(body).retrieve().body(JsonNode.class));
    }
}
