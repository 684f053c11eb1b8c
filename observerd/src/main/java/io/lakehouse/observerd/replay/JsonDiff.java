package io.lakehouse.observerd.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Structural comparison of two JSON documents: members compared by name whatever their order, arrays element by
 * element, numbers by value ({@code 1}, {@code 1.0} and {@code 1e0} are equal). Paths are JSONPath in the normalized
 * bracket form ({@code $['errors'][0]['Schema']['reason']}), the form a JSONPath library lists matches in, so ignore
 * expressions can be matched against them exactly.
 */
public final class JsonDiff {
    private JsonDiff() {
    }

    /** One difference; {@code expected} or {@code actual} is null for a member or element missing on that side. */
    public record Difference(String path, String change, JsonNode expected, JsonNode actual) {
    }

    public static List<Difference> diff(JsonNode expected, JsonNode actual, int max) {
        List<Difference> out = new ArrayList<>();
        walk("$", expected, actual, out, max);
        return out;
    }

    private static void walk(String path, JsonNode e, JsonNode a, List<Difference> out, int max) {
        if (out.size() >= max) {
            return;
        }
        if (e.isObject() && a.isObject()) {
            TreeSet<String> names = new TreeSet<>(e.propertyNames());
            names.addAll(a.propertyNames());
            for (String name : names) {
                String p = path + "['" + name + "']";
                JsonNode ev = e.get(name);
                JsonNode av = a.get(name);
                if (av == null) {
                    add(out, max, new Difference(p, "missing", ev, null));
                } else if (ev == null) {
                    add(out, max, new Difference(p, "unexpected", null, av));
                } else {
                    walk(p, ev, av, out, max);
                }
            }
            return;
        }
        if (e.isArray() && a.isArray()) {
            int n = Math.max(e.size(), a.size());
            for (int i = 0; i < n; i++) {
                String p = path + "[" + i + "]";
                if (i >= a.size()) {
                    add(out, max, new Difference(p, "missing", e.get(i), null));
                } else if (i >= e.size()) {
                    add(out, max, new Difference(p, "unexpected", null, a.get(i)));
                } else {
                    walk(p, e.get(i), a.get(i), out, max);
                }
            }
            return;
        }
        if (e.isNumber() && a.isNumber()) {
            if (e.decimalValue().compareTo(a.decimalValue()) != 0) {
                add(out, max, new Difference(path, "value", e, a));
            }
            return;
        }
        if (!e.equals(a)) {
            add(out, max, new Difference(path, sameType(e, a) ? "value" : "type", e, a));
        }
    }

    private static boolean sameType(JsonNode e, JsonNode a) {
        return e.getNodeType() == a.getNodeType();
    }

    private static void add(List<Difference> out, int max, Difference d) {
        if (out.size() < max) {
            out.add(d);
        }
    }
}
