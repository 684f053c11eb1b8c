package io.lakehouse.matrixd.match;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What a match needs from vectord: left items with vectors (by ids or by filter, paged) and batch search. */
public interface MatchBackend {
    /** A left item: id, stored vector (as JSON numbers, passed back as is) and metadata. */
    record Item(String id, JsonNode vector, JsonNode metadata) {
    }

    /** One page of a filter scan; {@code nextAfter} is null on the last page. */
    record Page(List<Item> items, String nextAfter) {
    }

    /** The found items in the order of {@code ids} (at most 1,000), and the ids that do not exist. */
    record ByIds(List<Item> items, List<String> missing) {
    }

    Page scan(String index, JsonNode filter, String after, int limit);

    ByIds byIds(String index, List<String> ids);

    /** One result list per query, in order; each result is {@code {"id","score","metadata"?}}. */
    List<JsonNode> batchSearch(String index, List<ObjectNode> queries);
}
