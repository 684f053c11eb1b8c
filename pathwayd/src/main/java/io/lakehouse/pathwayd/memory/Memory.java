package io.lakehouse.pathwayd.memory;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One version of a memory, immutable: every change produces a new record with {@code version + 1}. {@code steps}
 * (a JSON array or null) and {@code metadata} (a JSON object) are never mutated once in a record.
 * {@code playbook} names the playbook a procedure memory stands for, null otherwise.
 */
public record Memory(String id, Kind kind, String content, JsonNode steps, Scope scope, JsonNode metadata,
                     State state, long version, List<String> supersedes, String supersededBy, String playbook,
                     String createdAt, String updatedAt) {
    public Memory {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(content, "content is null");
        requireNonNull(state, "state is null");
        scope = Scope.orNone(scope);
        // JSON null and absent are the same thing; one representation keeps replayed state equal to live state.
        steps = steps == null || steps.isNull() || steps.isMissingNode() ? null : steps;
        metadata = compact(metadata);
        supersedes = supersedes == null ? List.of() : List.copyOf(supersedes);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
    }

    /** Empty metadata, shared: immutable (a put throws), as a record's metadata is never mutated. */
    private static final ObjectNode EMPTY = new ObjectNode(JsonNodeFactory.instance, Map.of());

    /**
     * Metadata of at most one member without a {@code LinkedHashMap}: every version of every memory stays in the
     * heap and is copied by young collections, and a parsed one-member object held ~230 bytes (map, its 16-slot table,
     * entry, cached entry set) where an immutable {@code Map.of} holds ~50. Larger objects are kept as parsed (their
     * member order is the wire order).
     */
    static JsonNode compact(JsonNode metadata) {
        if (metadata == null || metadata.isNull() || metadata.isMissingNode()) {
            return EMPTY;
        }
        if (!(metadata instanceof ObjectNode o) || o.size() > 1) {
            return metadata;
        }
        if (o.isEmpty()) {
            return EMPTY;
        }
        Map.Entry<String, JsonNode> e = o.properties().iterator().next();
        return new ObjectNode(JsonNodeFactory.instance, Map.of(e.getKey(), e.getValue()));
    }

    public boolean active() {
        return state == State.ACTIVE;
    }

    Memory withContent(String newContent, JsonNode newSteps, JsonNode newMetadata, String at) {
        return new Memory(id, kind, newContent, newSteps, scope, newMetadata, state, version + 1, supersedes,
                supersededBy, playbook, createdAt, at);
    }

    Memory supersededBy(String successor, String at) {
        return new Memory(id, kind, content, steps, scope, metadata, State.SUPERSEDED, version + 1, supersedes,
                successor, playbook, createdAt, at);
    }

    Memory retired(String at) {
        return new Memory(id, kind, content, steps, scope, metadata, State.RETIRED, version + 1, supersedes,
                supersededBy, playbook, createdAt, at);
    }

    Memory alsoSupersedes(String predecessor, String at) {
        List<String> s = new ArrayList<>(supersedes);
        s.add(predecessor);
        return new Memory(id, kind, content, steps, scope, metadata, state, version + 1, s, supersededBy, playbook,
                createdAt, at);
    }
}
