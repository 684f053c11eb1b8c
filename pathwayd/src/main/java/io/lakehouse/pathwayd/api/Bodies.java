package io.lakehouse.pathwayd.api;

import io.lakehouse.pathwayd.PathwaydError;
import io.lakehouse.pathwayd.PathwaydProperties;
import io.lakehouse.pathwayd.memory.Command;
import io.lakehouse.pathwayd.memory.Kind;
import io.lakehouse.pathwayd.memory.Scope;
import io.lakehouse.shared.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks request bodies once, at the edge, with messages that name the member and the value. */
final class Bodies {
    /** Matches the {@code pathway_event} contract's 128-character limit on ids. */
    static final int MAX_ID = 128;
    static final int MAX_REASON = 2000;
    static final Pattern PLAYBOOK_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

    private static final Set<String> ADD = Set.of("kind", "content", "steps", "scope", "metadata");
    private static final List<String> ADD_ORDER = List.of("kind", "content", "steps", "scope", "metadata");

    private final PathwaydProperties.Limits limits;

    Bodies(PathwaydProperties.Limits limits) {
        this.limits = limits;
    }

    /** An ADD body ({@code where} names it in messages: {@code body}, or {@code memories[i]} in a batch). */
    Command.Add add(JsonNode n, String where) {
        object(n, where, ADD);
        return new Command.Add(kind(n, where, Kind.FACT), content(n, where, true), steps(n, where), scope(n, where),
                metadata(n, where), null);
    }

    /**
     * An ADD body read straight from its bytes into the command, without building a tree of the whole body (only
     * {@code steps} and {@code metadata} become trees: the memory holds them as such). Null for anything but a
     * well-formed, valid body: the caller then parses the tree and {@link #add(JsonNode, String)} answers with its
     * usual error, so every 400 and its message stay exactly what they were.
     */
    Command.Add addOrNull(byte[] body, JsonMapper json) {
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Kind kind = Kind.FACT;
            String content = null;
            JsonNode steps = null;
            Scope scope = Scope.NONE;
            JsonNode metadata = null;
            int seen = 0;
            for (JsonToken t; (t = p.nextToken()) == JsonToken.PROPERTY_NAME; ) {
                String name = p.currentName();
                t = p.nextToken();
                // a member given twice goes the tree's way, whatever the mapper does with duplicates
                int bit = 1 << Math.max(0, ADD_ORDER.indexOf(name));
                if ((seen & bit) != 0) {
                    return null;
                }
                seen |= bit;
                switch (name) {
                    case "kind" -> {
                        kind = t == JsonToken.VALUE_NULL ? Kind.FACT
                                : t == JsonToken.VALUE_STRING ? Kind.parse(p.getString()) : null;
                        if (kind == null) {
                            return null;
                        }
                    }
                    case "content" -> {
                        if (t != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        content = p.getString();
                    }
                    case "steps" -> {
                        if (t == JsonToken.START_ARRAY) {
                            steps = p.readValueAsTree();
                        } else if (t == JsonToken.VALUE_NULL) {
                            steps = null;
                        } else {
                            return null;
                        }
                    }
                    case "metadata" -> {
                        if (t == JsonToken.START_OBJECT) {
                            metadata = p.readValueAsTree();
                        } else if (t == JsonToken.VALUE_NULL) {
                            metadata = null;
                        } else {
                            return null;
                        }
                    }
                    case "scope" -> {
                        scope = t == JsonToken.VALUE_NULL ? Scope.NONE : t == JsonToken.START_OBJECT ? scope(p) : null;
                        if (scope == null) {
                            return null;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || content == null
                    || content.isBlank() || content.length() > limits.maxContentLength()) {
                return null;
            }
            return new Command.Add(kind, content, steps, scope, metadata, null);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A scope object's members, the parser on its START_OBJECT; null when not a valid scope. */
    private static Scope scope(JsonParser p) {
        String[] ids = new String[3];
        int seen = 0;
        for (JsonToken t; (t = p.nextToken()) == JsonToken.PROPERTY_NAME; ) {
            String name = p.currentName();
            int i = switch (name) {
                case "user_id" -> 0;
                case "agent_id" -> 1;
                case "run_id" -> 2;
                default -> -1;
            };
            t = p.nextToken();
            if (i < 0 || (seen & (1 << i)) != 0) {
                return null;
            }
            seen |= 1 << i;
            if (t == JsonToken.VALUE_NULL) {
                ids[i] = null;
            } else if (t == JsonToken.VALUE_STRING) {
                String v = p.getString();
                if (v.isEmpty() || v.length() > MAX_ID) {
                    return null;
                }
                ids[i] = v;
            } else {
                return null;
            }
        }
        return new Scope(ids[0], ids[1], ids[2]);
    }

    /** A bulk ADD body {@code {"memories":[...]}}: 1 to {@code limits.max-batch} ADD bodies, each checked. */
    List<Command> batch(JsonNode body) {
        object(body, "body", Set.of("memories"));
        JsonNode items = body.get("memories");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw invalid("memories must be a non-empty array");
        }
        if (items.size() > limits.maxBatch()) {
            throw invalid("batch has " + items.size() + " memories, at most " + limits.maxBatch()
                    + " are accepted per request");
        }
        List<Command> commands = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            commands.add(add(items.get(i), "memories[" + i + "]"));
        }
        return commands;
    }

    static ApiException invalid(String detail) {
        return new ApiException(PathwaydError.INVALID_MEMORY, detail);
    }

    static void object(JsonNode n, String where, Set<String> members) {
        if (n == null || !n.isObject()) {
            throw invalid(where + " must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!members.contains(e.getKey())) {
                throw invalid("unknown member '" + prefix(where) + e.getKey() + "' (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(members)) + ")");
            }
        }
    }

    private static String prefix(String where) {
        return where.equals("body") ? "" : where + ".";
    }

    static boolean present(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && !v.isNull();
    }

    String content(JsonNode n, String where, boolean required) {
        JsonNode v = n.get("content");
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(prefix(where) + "content is required");
            }
            return null;
        }
        if (!v.isString()) {
            throw invalid(prefix(where) + "content must be a string, got " + v.getNodeType().name().toLowerCase());
        }
        String s = v.asString();
        if (s.isBlank()) {
            throw invalid(prefix(where) + "content must not be blank");
        }
        if (s.length() > limits.maxContentLength()) {
            throw invalid(prefix(where) + "content has " + s.length() + " characters, at most "
                    + limits.maxContentLength() + " are accepted");
        }
        return s;
    }

    static JsonNode steps(JsonNode n, String where) {
        JsonNode v = n.get("steps");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw invalid(prefix(where) + "steps must be an array");
        }
        return v.deepCopy();
    }

    static JsonNode metadata(JsonNode n, String where) {
        JsonNode v = n.get("metadata");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw invalid(prefix(where) + "metadata must be an object");
        }
        return v.deepCopy();
    }

    static Kind kind(JsonNode n, String where, Kind dflt) {
        JsonNode v = n.get("kind");
        if (v == null || v.isNull()) {
            return dflt;
        }
        Kind k = v.isString() ? Kind.parse(v.asString()) : null;
        if (k == null) {
            throw invalid(prefix(where) + "kind must be fact, procedure or episode, got " + v);
        }
        return k;
    }

    static Scope scope(JsonNode n, String where) {
        JsonNode v = n.get("scope");
        if (v == null || v.isNull()) {
            return Scope.NONE;
        }
        String w = prefix(where) + "scope";
        object(v, w, Set.of("user_id", "agent_id", "run_id"));
        return new Scope(id(v, "user_id", w), id(v, "agent_id", w), id(v, "run_id", w));
    }

    static String id(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString() || v.asString().isEmpty() || v.asString().length() > MAX_ID) {
            throw invalid(prefix(where) + key + " must be a string of 1 to " + MAX_ID + " characters, got " + v);
        }
        return v.asString();
    }

    static String reason(JsonNode n, boolean required) {
        JsonNode v = n.get("reason");
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid("reason is required");
            }
            return null;
        }
        if (!v.isString() || v.asString().isBlank() || v.asString().length() > MAX_REASON) {
            throw invalid("reason must be a non-blank string of at most " + MAX_REASON + " characters");
        }
        return v.asString();
    }

    /** {@code If-Match}: a version number, optionally as an entity tag ({@code "3"}, {@code W/"3"}); {@code *} = any. */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        String s = header.strip();
        if (s.startsWith("W/")) {
            s = s.substring(2);
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        try {
            long v = Long.parseLong(s);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(io.lakehouse.shared.web.CommonError.INVALID_ARGUMENT,
                "If-Match must be a memory version (a positive integer, optionally quoted), got " + header);
    }

    static String playbookName(String name) {
        if (!PLAYBOOK_NAME.matcher(name).matches()) {
            throw invalid("playbook name must match " + PLAYBOOK_NAME.pattern() + ", got '" + name + "'");
        }
        return name;
    }
}
