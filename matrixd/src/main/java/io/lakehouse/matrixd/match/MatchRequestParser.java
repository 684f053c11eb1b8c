package io.lakehouse.matrixd.match;

import io.lakehouse.matrixd.MatrixdError;
import io.lakehouse.matrixd.MatrixdProperties;
import io.lakehouse.shared.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Validates a {@code POST /v1/match} body; every problem is a 400 {@code invalid_match} naming the member. */
public final class MatchRequestParser {
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
            throw bad("the body must be a JSON object {\"left\": {...}, \"right\": {...}, \"k\": 5}");
        }
        members(body, TOP, "");
        JsonNode left = object(body, "left", true, "");
        JsonNode right = object(body, "right", true, "");
        members(left, LEFT, "left.");
        members(right, RIGHT, "right.");
        String leftIndex = index(left, "left.index");
        String rightIndex = index(right, "right.index");
        JsonNode ids = left.get("ids");
        JsonNode leftFilter = object(left, "filter", false, "left.");
        List<String> leftIds = null;
        if (ids != null && !ids.isNull()) {
            if (leftFilter != null) {
                throw bad("left takes ids or filter, not both");
            }
            if (!ids.isArray() || ids.isEmpty() || ids.size() > props.maxIds()) {
                throw bad("left.ids must be an array of 1 to " + props.maxIds() + " strings (use left.filter for more)");
            }
            leftIds = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                if (!ids.get(i).isString() || ids.get(i).asString().isEmpty()) {
                    throw bad("left.ids[" + i + "] must be a non-empty string");
                }
                leftIds.add(ids.get(i).asString());
            }
        } else if (leftFilter == null) {
            throw bad("left needs ids or filter ({} selects every item of the index)");
        }
        JsonNode rightFilter = object(right, "filter", false, "right.");
        List<MatchRequest.Join> join = new ArrayList<>();
        JsonNode j = object(right, "join", false, "right.");
        if (j != null) {
            for (Map.Entry<String, JsonNode> e : j.properties()) {
                String field = e.getKey();
                JsonNode v = e.getValue();
                if (v.isString()) {
                    join.add(new MatchRequest.Join(field, "eq", v.asString()));
                } else if (v.isObject() && !v.isEmpty()) {
                    for (Map.Entry<String, JsonNode> op : v.properties()) {
                        if (!OPS.contains(op.getKey()) || !op.getValue().isString()) {
                            throw bad("right.join." + field + " must map operators " + OPS
                                    + " to a left metadata field name, got " + v);
                        }
                        join.add(new MatchRequest.Join(field, op.getKey(), op.getValue().asString()));
                    }
                } else {
                    throw bad("right.join." + field + " must be a left metadata field name or {\"<op>\": \"<left field>\"}");
                }
                if (rightFilter != null && rightFilter.has(field)) {
                    JsonNode fixed = rightFilter.get(field);
                    for (MatchRequest.Join c : join) {
                        if (c.rightField().equals(field) && (fixed.isObject() ? fixed.has(c.op()) : c.op().equals("eq"))) {
                            throw bad("right.filter and right.join both set '" + c.op() + "' on '" + field + "'");
                        }
                    }
                }
            }
        }
        int k = intIn(body, "k", 10, 1, props.maxK(), "k");
        Integer ef = body.hasNonNull("ef") ? intIn(body, "ef", 64, 1, 10_000, "ef") : null;
        return new MatchRequest(leftIndex, leftIds, leftIds == null ? leftFilter : null, rightIndex, rightFilter, join,
                k, ef, bool(body, "exact", false), bool(body, "include_metadata", true),
                bool(body, "include_left_metadata", false));
    }

    private static void members(JsonNode n, Set<String> allowed, String where) {
        for (String m : n.propertyNames()) {
            if (!allowed.contains(m)) {
                throw bad("unknown member '" + where + m + "'; expected one of " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static String index(JsonNode n, String what) {
        JsonNode v = n.get("index");
        if (v == null || !v.isString() || !INDEX.matcher(v.asString()).matches()) {
            throw bad(what + " must name a vectord index (" + INDEX.pattern() + "), got " + v);
        }
        return v.asString();
    }

    private static JsonNode object(JsonNode n, String key, boolean required, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(where + key + " is required");
            }
            return null;
        }
        if (!v.isObject()) {
            throw bad(where + key + " must be an object");
        }
        return v;
    }

    private static boolean bool(JsonNode n, String key, boolean dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw bad(key + " must be true or false");
        }
        return v.asBoolean();
    }

    private static int intIn(JsonNode n, String key, int dflt, int min, int max, String what) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw bad(what + " must be an integer between " + min + " and " + max + ", got " + v);
        }
        return v.asInt();
    }

    private static ApiException bad(String detail) {
        return new ApiException(MatrixdError.INVALID_MATCH, detail);
    }
}
