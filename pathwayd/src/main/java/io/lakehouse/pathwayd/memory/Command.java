package io.lakehouse.pathwayd.memory;

import tools.jackson.databind.JsonNode;

/** A request to change memories, validated at the HTTP edge and decided by {@link MemoryStateMachine}. */
public sealed interface Command {
    /** {@code ifMatch}: the version the caller last saw, or null for no precondition. */
    Long ifMatch();

    /** ADD: a new active memory (a playbook's when {@code playbook} is set). */
    record Add(Kind kind, String content, JsonNode steps, Scope scope, JsonNode metadata, String playbook)
            implements Command {
        @Override
        public Long ifMatch() {
            return null;
        }
    }

    /** UPDATE: content, steps and/or metadata in place (null: unchanged). */
    record Update(String id, String content, JsonNode steps, JsonNode metadata, Long ifMatch) implements Command {
    }

    /** REVISE: a successor made from {@code content} (steps/metadata default to the revised one's), or linked by id. */
    record Revise(String id, String content, JsonNode steps, JsonNode metadata, String successorId, String reason,
                  Long ifMatch) implements Command {
    }

    /** RETIRE with a reason. */
    record Retire(String id, String reason, Long ifMatch) implements Command {
    }

    /** PUT of a playbook: creates it, revises it when the body changed, or does nothing when it is identical. */
    record PutPlaybook(String name, String content, JsonNode steps, Scope scope, JsonNode metadata, String reason)
            implements Command {
        @Override
        public Long ifMatch() {
            return null;
        }
    }
}
