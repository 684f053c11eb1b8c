package io.lakehouse.shared.web;

import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads of optional members of a JSON request body, each failing with one daemon's 400 {@code code} and a
 * detail that names the member, the expected type or range, and what was sent.
 */
public record JsonFields(ErrorCode code) {

    /** The 400 to throw for {@code detail}. */
    public ApiException bad(String detail) {
        return new ApiException(code, detail);
    }

    /** Rejects members of {@code n} outside {@code allowed}; {@code where} prefixes the member in the detail. */
    public void members(JsonNode n, Set<String> allowed, String where) {
        for (String m : n.propertyNames()) {
            if (!allowed.contains(m)) {
                throw bad("unknown member '" + where + m + "'; expected one of " + new TreeSet<>(allowed));
            }
        }
    }

    /** The object at {@code key}, null when absent or null (unless {@code required}). */
    public JsonNode object(JsonNode n, String key, boolean required, String where) {
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

    /** The boolean at {@code key}, {@code dflt} when absent or null. */
    public boolean bool(JsonNode n, String key, boolean dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw bad(key + " must be true or false");
        }
        return v.asBoolean();
    }

    /** The string at {@code key}, {@code dflt} when absent or null; {@code what} names it in the detail. */
    public String string(JsonNode n, String key, String dflt, String what) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isString()) {
            throw bad(what + " must be a string, got " + v);
        }
        return v.asString();
    }

    /** The integer at {@code key} within {@code [min, max]}, {@code dflt} when absent or null. */
    public int intIn(JsonNode n, String key, int dflt, int min, int max, String what) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw bad(what + " must be an integer between " + min + " and " + max + ", got " + v);
        }
        return v.asInt();
    }
}
