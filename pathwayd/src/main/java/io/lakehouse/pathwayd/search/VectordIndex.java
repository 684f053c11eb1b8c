package io.lakehouse.pathwayd.search;

import io.lakehouse.pathwayd.PathwaydProperties;
import io.lakehouse.shared.peer.PeerClients;
import io.lakehouse.shared.peer.PeerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** The vectord index pathwayd searches: create, upsert, delete, search. Failures surface as {@link PeerException}. */
public final class VectordIndex {
    static final String PEER = "vectord";

    /** One item: a memory's text and the metadata search filters on. */
    public record Item(String id, String text, Map<String, Object> metadata) {
    }

    /** One hit. */
    public record Hit(String id, double score) {
    }

    private final RestClient client;
    private final PathwaydProperties.Index settings;

    public VectordIndex(PeerClients peers, PathwaydProperties.Index settings) {
        this.client = peers.client(PEER);
        this.settings = settings;
    }

    public String name() {
        return settings.name();
    }

    /** Creates the index (a no-op when it exists with the same settings). */
    public void ensure() {
        Map<String, Object> embedder = new LinkedHashMap<>();
        embedder.put("type", settings.embedder());
        if (settings.embedderUrl() != null) {
            embedder.put("url", settings.embedderUrl().toString());
        }
        if (settings.embedderModel() != null) {
            embedder.put("model", settings.embedderModel());
        }
        Map<String, Object> body = Map.of("dim", settings.dim(), "metric", "cosine", "embedder", embedder);
        PeerClients.call(PEER, () -> client.put().uri("/v1/indexes/{name}", settings.name()).body(body).retrieve()
                .toBodilessEntity());
    }

    public void upsert(List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        PeerClients.call(PEER, () -> client.post().uri("/v1/indexes/{name}/items", settings.name())
                .body(Map.of("items", items)).retrieve().toBodilessEntity());
    }

    /** Deletes an item; absent is fine. */
    public void delete(String id) {
        try {
            PeerClients.call(PEER, () -> client.delete().uri("/v1/indexes/{name}/items/{id}", settings.name(), id)
                    .retrieve().toBodilessEntity());
        } catch (PeerException e) {
            if (!(e.status() == 404 && "item_not_found".equals(e.code()))) {
                throw e;
            }
        }
    }

    public List<Hit> search(String text, int k, Map<String, Object> filter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        body.put("k", k);
        body.put("filter", filter);
        body.put("include_metadata", false);
        JsonNode answer = PeerClients.call(PEER, () -> client.post().uri("/v1/indexes/{name}/search", settings.name())
                .body(body).retrieve().body(JsonNode.class));
        List<Hit> hits = new ArrayList<>();
        for (JsonNode r : answer.path("results")) {
            hits.add(new Hit(r.get("id").asString(), r.get("score").asDouble()));
        }
        return hits;
    }
}
