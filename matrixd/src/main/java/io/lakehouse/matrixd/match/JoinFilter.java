package io.lakehouse.matrixd.match;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Instantiates {@code right.join} clauses into a vectord filter with values from one left item's metadata. */
final class JoinFilter {
    private JoinFilter() {
    }

    /**
     * Adds every join clause to {@code filter} (a copy of the right side's fixed filter). Returns the first left
     * field the item lacks (null or absent), or null when every clause could be applied.
     */
    static String apply(ObjectNode filter, List<MatchRequest.Join> join, JsonNode leftMetadata) {
        for (MatchRequest.Join j : join) {
            JsonNode value = resolve(leftMetadata, j.leftField());
            if (value == null || value.isNull()) {
                return j.leftField();
            }
            if (j.op().equals("in") && !value.isArray()) {
                value = filter.arrayNode().add(value);
            }
            JsonNode existing = filter.get(j.rightField());
            if (existing == null && j.op().equals("eq")) {
                filter.set(j.rightField(), value);
                continue;
            }
            ObjectNode ops;
            if (existing == null) {
                ops = filter.objectNode();
            } else if (existing.isObject()) {
                ops = (ObjectNode) existing;
            } else {
                ops = filter.objectNode();
                ops.set("eq", existing);
            }
            ops.set(j.op(), value);
            filter.set(j.rightField(), ops);
        }
        return null;
    }

    /** Dotted names reach into nested objects, as in vectord's filters. */
    static JsonNode resolve(JsonNode node, String dotted) {
        JsonNode n = node;
        for (String part : dotted.split("\\.")) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(part);
        }
        return n;
    }
}
