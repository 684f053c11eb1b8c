package io.lakehouse.vectord.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A metadata filter: every clause must hold (AND). A clause is {@code "field": value} (equality; against an array
 * field it means "contains"), {@code "field": {"in": [...]}}, or a range {@code {"gte","gt","lte","lt"}} on numbers
 * or strings (RFC 3339 timestamps compare correctly as strings). Dotted field names reach into nested objects.
 */
public final class Filter {
    /** A filter that accepts everything. */
    public static final Filter NONE = new Filter(List.of());

    private final List<Clause> clauses;

    private Filter(List<Clause> clauses) {
        this.clauses = clauses;
    }

    public boolean isEmpty() {
        return clauses.isEmpty();
    }

    /** Parses a filter object; throws {@link IllegalArgumentException} with a readable message on bad input. */
    public static Filter parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("filter must be an object, got " + node.getNodeType());
        }
        List<Clause> clauses = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String field = e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                if (v.isEmpty()) {
                    throw new IllegalArgumentException("filter on '" + field + "' has no operator");
                }
                for (Map.Entry<String, JsonNode> op : v.properties()) {
                    clauses.add(clause(field, op.getKey(), op.getValue()));
                }
            } else if (v.isArray()) {
                throw new IllegalArgumentException("filter on '" + field + "': use {\"in\": [...]} to match one of several values");
            } else {
                clauses.add(new Eq(path(field), v));
            }
        }
        return new Filter(List.copyOf(clauses));
    }

    private static Clause clause(String field, String op, JsonNode value) {
        String[] path = path(field);
        switch (op) {
            case "eq" -> {
                requireScalar(field, op, value);
                return new Eq(path, value);
            }
            case "in" -> {
                if (!value.isArray()) {
                    throw new IllegalArgumentException("filter on '" + field + "': 'in' needs an array");
                }
                List<JsonNode> values = new ArrayList<>();
                for (JsonNode x : value) {
                    requireScalar(field, op, x);
                    values.add(x);
                }
                return new In(path, List.copyOf(values));
            }
            case "gte", "gt", "lte", "lt" -> {
                if (!value.isNumber() && !value.isString()) {
                    throw new IllegalArgumentException("filter on '" + field + "': '" + op + "' needs a number or a string");
                }
                return new Range(path, op, value);
            }
            default -> throw new IllegalArgumentException("filter on '" + field + "': unknown operator '" + op
                    + "' (expected eq, in, gte, gt, lte, lt)");
        }
    }

    private static void requireScalar(String field, String op, JsonNode v) {
        if (v.isContainer()) {
            throw new IllegalArgumentException("filter on '" + field + "': '" + op + "' needs scalar values");
        }
    }

    private static String[] path(String field) {
        if (field.isEmpty()) {
            throw new IllegalArgumentException("filter has an empty field name");
        }
        return field.split("\\.");
    }

    /** Whether an item's metadata (null when it has none) passes every clause. */
    public boolean test(JsonNode metadata) {
        for (Clause c : clauses) {
            JsonNode v = resolve(metadata, c.path());
            if (v == null || !c.test(v)) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode resolve(JsonNode node, String[] path) {
        JsonNode cur = node;
        for (String p : path) {
            if (cur == null || !cur.isObject()) {
                return null;
            }
            cur = cur.get(p);
        }
        return cur == null || cur.isNull() ? null : cur;
    }

    static boolean scalarEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private sealed interface Clause permits Eq, In, Range {
        String[] path();

        boolean test(JsonNode value);
    }

    private record Eq(String[] path, JsonNode expected) implements Clause {
        @Override
        public boolean test(JsonNode value) {
            if (value.isArray()) {
                for (JsonNode x : value) {
                    if (scalarEquals(x, expected)) {
                        return true;
                    }
                }
                return false;
            }
            return scalarEquals(value, expected);
        }
    }

    private record In(String[] path, List<JsonNode> values) implements Clause {
        @Override
        public boolean test(JsonNode value) {
            for (JsonNode v : values) {
                if (new Eq(path, v).test(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Range(String[] path, String op, JsonNode bound) implements Clause {
        @Override
        public boolean test(JsonNode value) {
            int c;
            if (bound.isNumber() && value.isNumber()) {
                c = value.decimalValue().compareTo(bound.decimalValue());
            } else if (bound.isString() && value.isString()) {
                c = value.asString().compareTo(bound.asString());
            } else {
                return false;
            }
            return switch (op) {
                case "gte" -> c >= 0;
                case "gt" -> c > 0;
                case "lte" -> c <= 0;
                default -> c < 0;
            };
        }
    }
}
