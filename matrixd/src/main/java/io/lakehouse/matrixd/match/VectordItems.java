package io.lakehouse.matrixd.match;

import io.lakehouse.matrixd.peer.Peers;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@link MatchBackend} over vectord's HTTP API: {@code items/scan} and {@code search/batch}. */
public final class VectordItems implements MatchBackend {
    private final Peers peers;
    private final JsonMapper json;

    public VectordItems(Peers peers, JsonMapper json) {
        this.peers = peers;
        this.json = json;
    }

    @Override
    public Page scan(String index, JsonNode filter, String after, int limit) {
        ObjectNode body = json.createObjectNode();
        body.set("filter", filter);
        if (after != null) {
            body.put("after", after);
        }
        body.put("limit", limit);
        JsonNode answer = peers.post("vectord", "/v1/indexes/" + index + "/items/scan", body);
        JsonNode next = answer.get("next_after");
        return new Page(items(answer), next == null || next.isNull() ? null : next.asString());
    }

    @Override
    public ByIds byIds(String index, List<String> ids) {
        ObjectNode body = json.createObjectNode();
        ids.forEach(body.putArray("ids")::add);
        JsonNode answer = peers.post("vectord", "/v1/indexes/" + index + "/items/scan", body);
        List<String> missing = new ArrayList<>();
        answer.path("missing").forEach(m -> missing.add(m.asString()));
        return new ByIds(items(answer), missing);
    }

    @Override
    public List<JsonNode> batchSearch(String index, List<ObjectNode> queries) {
        ObjectNode body = json.createObjectNode();
        queries.forEach(body.putArray("queries")::add);
        JsonNode answer = peers.post("vectord", "/v1/indexes/" + index + "/search/batch", body);
        List<JsonNode> out = new ArrayList<>(queries.size());
        answer.path("responses").forEach(r -> out.add(r.path("results")));
        if (out.size() != queries.size()) {
            throw new IllegalStateException("vectord answered " + out.size() + " result lists for " + queries.size()
                    + " queries");
        }
        return out;
    }

    private static List<Item> items(JsonNode answer) {
        List<Item> items = new ArrayList<>();
        for (JsonNode n : answer.path("items")) {
            items.add(new Item(n.path("id").asString(), n.get("vector"), n.get("metadata")));
        }
        return items;
    }
}
