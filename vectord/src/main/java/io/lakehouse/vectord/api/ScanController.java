package io.lakehouse.vectord.api;

import io.lakehouse.shared.web.ApiException;
import io.lakehouse.vectord.VectordError;
import io.lakehouse.vectord.index.Filter;
import io.lakehouse.vectord.index.ItemRecord;
import io.lakehouse.vectord.registry.IndexRegistry;
import io.lakehouse.vectord.registry.OpenIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/indexes/{name}/items/scan}: many items with their vectors in one call, by ids or by filter in id
 * order with a cursor. matrixd reads the left side of a match matrix through it instead of one GET per item.
 */
@RestController
class ScanController {
    static final int MAX_ITEMS = 1000;
    private static final Set<String> MEMBERS = Set.of("ids", "filter", "after", "limit", "include_vectors",
            "include_metadata");

    private final IndexRegistry registry;
    private final JsonMapper json;

    ScanController(IndexRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @PostMapping("/v1/indexes/{name}/items/scan")
    ObjectNode scan(@PathVariable String name, @RequestBody JsonNode body) {
        OpenIndex o = Indexes.open(registry, name);
        if (body == null || !body.isObject()) {
            throw bad("body must be a JSON object");
        }
        for (String m : body.propertyNames()) {
            if (!MEMBERS.contains(m)) {
                throw bad("unknown member '" + m + "'; expected one of " + MEMBERS);
            }
        }
        Filter filter;
        try {
            filter = Filter.parse(body.get("filter"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(VectordError.INVALID_FILTER, e.getMessage());
        }
        boolean vectors = bool(body, "include_vectors", true);
        boolean metadata = bool(body, "include_metadata", true);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("items");
        JsonNode ids = body.get("ids");
        if (ids != null && !ids.isNull()) {
            if (body.hasNonNull("after") || body.hasNonNull("limit")) {
                throw bad("ids cannot be combined with after or limit");
            }
            if (!ids.isArray() || ids.size() > MAX_ITEMS) {
                throw bad("ids must be an array of at most " + MAX_ITEMS + " strings");
            }
            ArrayNode missing = out.putArray("missing");
            for (int i = 0; i < ids.size(); i++) {
                JsonNode id = ids.get(i);
                if (!id.isString()) {
                    throw bad("ids[" + i + "] must be a string");
                }
                Optional<ItemRecord> r = o.index().get(id.asString());
                if (r.isEmpty()) {
                    missing.add(id.asString());
                } else if (filter.test(r.get().metadata())) {
                    items.add(item(r.get(), vectors, metadata));
                }
            }
            return out;
        }
        JsonNode afterNode = body.get("after");
        if (afterNode != null && !afterNode.isNull() && !afterNode.isString()) {
            throw bad("after must be a string (the next_after of the previous page)");
        }
        String after = afterNode == null || afterNode.isNull() ? null : afterNode.asString();
        JsonNode limitNode = body.get("limit");
        int limit = 100;
        if (limitNode != null && !limitNode.isNull()) {
            if (!limitNode.isIntegralNumber() || !limitNode.canConvertToInt() || limitNode.asInt() < 1
                    || limitNode.asInt() > MAX_ITEMS) {
                throw bad("limit must be an integer between 1 and " + MAX_ITEMS + ", got " + limitNode);
            }
            limit = limitNode.asInt();
        }
        // The smallest `limit` matching ids after the cursor: a bounded max-heap in one pass over the item references.
        PriorityQueue<ItemRecord> page = new PriorityQueue<>(Comparator.comparing(ItemRecord::id).reversed());
        long[] matching = {0};
        int cap = limit;
        o.index().copyItems().forEach(r -> {
            if ((after != null && r.id().compareTo(after) <= 0) || !filter.test(r.metadata())) {
                return;
            }
            matching[0]++;
            if (page.size() < cap) {
                page.add(r);
            } else if (r.id().compareTo(page.peek().id()) < 0) {
                page.poll();
                page.add(r);
            }
        });
        List<ItemRecord> sorted = new ArrayList<>(page);
        sorted.sort(Comparator.comparing(ItemRecord::id));
        for (ItemRecord r : sorted) {
            items.add(item(r, vectors, metadata));
        }
        if (matching[0] > sorted.size()) {
            out.put("next_after", sorted.getLast().id());
        } else {
            out.putNull("next_after");
        }
        return out;
    }

    private ObjectNode item(ItemRecord r, boolean vectors, boolean metadata) {
        ObjectNode n = json.createObjectNode();
        n.put("id", r.id());
        if (vectors) {
            ArrayNode v = n.putArray("vector");
            for (float f : r.vector()) {
                v.add(f);
            }
        }
        if (metadata) {
            n.set("metadata", r.metadata());
        }
        return n;
    }

    private static boolean bool(JsonNode body, String key, boolean dflt) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw bad(key + " must be true or false");
        }
        return v.asBoolean();
    }

    private static ApiException bad(String detail) {
        return new ApiException(VectordError.INVALID_SEARCH, detail, Map.of());
    }
}
