package io.lakehouse.matrixd.match;

import io.lakehouse.matrixd.MatrixdError;
import io.lakehouse.matrixd.MatrixdProperties;
import io.lakehouse.shared.web.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Validates a {@code POST /v1/match} body; every problem is a 400 {@code invalid_match} naming the member. */
public final class MatchRequestParser {
    private static final JsonFields FIELDS = new JsonFields(MatrixdError.INVALID_MATCH);
    private static final Pattern INDEX = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    private static final Set<String> TOP = Set.of("left", "right", "k", "ef", "exact", "include_metadata",
            "include_left_metadata");
    private static final Set<String> LEFT = Set.of("index", "ids", "filter");
    private static final Set<String> RIGHT = Set.of("index", "filter", "join");
    private static final Set<String> OPS = Set.of("eq", "in", "gte", "gt", "lte", "lt");

    private final MatrixdProperties.Match props;

    public MatchRequestParser(MatrixdProperties.Match props) {
        this.props = props;
    }

    public MatchRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw FIELDS.bad("the body must be a JSON object {\"left\": {...}, \"right\": {...}, \"k\": 5}");
        }
        FIELDS.members(body, TOP, "");
        JsonNode left = FIELDS.object(body, "left", true, "");
        JsonNode right = FIELDS.object(body, "right", true, "");
        FIELDS.members(left, LEFT, "left.");
        FIELDS.members(right, RIGHT, "right.");
        String leftIndex = index(left, "left.index");
        String rightIndex = index(right, "right.index");
        JsonNode ids = left.get("ids");
        JsonNode leftFilter = FIELDS.object(left, "filter", false, "left.");
        List<String> leftIds = null;
        if (ids != null && !ids.isNull()) {
            if (leftFilter != null) {
                throw FIELDS.bad("left takes ids or filter, not both");
            }
            if (!ids.isArray() || ids.isEmpty() || ids.size() > props.maxIds()) {
                throw FIELDS.bad("left.ids must be an array of 1 to " + props.maxIds() + " strings (use left.filter for more)");
            }
            leftIds = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                if (!ids.get(i).isString() || ids.get(i).asString().isEmpty()) {
                    throw FIELDS.bad("left.ids[" + i + "] must be a non-empty string");
                }
                leftIds.add(ids.get(i).asString());
            }
        } else if (leftFilter == null) {
            throw FIELDS.bad("left needs ids or filter ({} selects every item of the index)");
        }
        JsonNode rightFilter = FIELDS.object(right, "filter", false, "right.");
        List<MatchRequest.Join> join = new ArrayList<>();
        JsonNode j = FIELDS.object(right, "join", false, "right.");
        if (j != null) {
            for (Map.Entry<String, JsonNode> e : j.properties()) {
                String field = e.getKey();
                JsonNode v = e.getValue();
                if (v.isString()) {
                    join.add(new MatchRequest.Join(field, "eq", v.asString()));
                } else if (v.isObject() && !v.isEmpty()) {
                    for (Map.Entry<String, JsonNode> op : v.properties()) {
                        if (!OPS.contains(op.getKey()) || !op.getValue().isString()) {
                            throw FIELDS.bad("right.join." + field + " must map operators " + OPS
                                    + " to a left metadata field name, got " + v);
                        }
                        join.add(new MatchRequest.Join(field, op.getKey(), op.getValue().asString()));
                    }
                } else {
                    throw FIELDS.bad("right.join." + field + " must be a left metadata field name or {\"<op>\": \"<left field>\"}");
                }
                if (rightFilter != null && rightFilter.has(field)) {
                    JsonNode fixed = rightFilter.get(field);
                    for (MatchRequest.Join c : join) {
                        if (c.rightField().equals(field) && (fixed.isObject() ? fixed.has(c.op()) : c.op().equals("eq"))) {
                            throw FIELDS.bad("right.filter and right.join both set '" + c.op() + "' on '" + field + "'");
                        }
                    }
                }
            }
        }
        int k = FIELDS.intIn(body, "k", 10, 1, props.maxK(), "k");
        Integer ef = body.hasNonNull("ef") ? FIELDS.intIn(body, "ef", 64, 1, 10_000, "ef") : null;
        return new MatchRequest(leftIndex, leftIds, leftIds == null ? leftFilter : null, rightIndex, rightFilter, join,
                k, ef, FIELDS.bool(body, "exact", false), FIELDS.bool(body, "include_metadata", true),
                FIELDS.bool(body, "include_left_metadata", false));
    }

    private static String index(JsonNode n, String what) {
        JsonNode v = n.get("index");
        if (v == null || !v.isString() || !INDEX.matcher(v.asString()).matches()) {
            throw FIELDS.bad(what + " must name a vectord index (" + INDEX.pattern() + "), got " + v);
        }
        return v.asString();
    }
}
