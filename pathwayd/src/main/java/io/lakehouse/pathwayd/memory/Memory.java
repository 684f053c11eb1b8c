package io.lakehouse.pathwayd.memory;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

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
        metadata = metadata == null || metadata.isNull() || metadata.isMissingNode()
                ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode() : metadata;
        supersedes = supersedes == null ? List.of() : List.copyOf(supersedes);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
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
