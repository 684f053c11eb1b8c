package io.lakehouse.pathwayd.memory;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A decided operation, the unit written to the journal: the state change of every memory it touched (one, or two
 * for a REVISE: the revised memory and its successor), so folding operations needs no decisions.
 */
public record Operation(OpType op, String at, String reason, String successorId, List<Change> changes) {
    public Operation {
        requireNonNull(op, "op is null");
        requireNonNull(at, "at is null");
        changes = List.copyOf(changes);
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("an operation changes at least one memory");
        }
    }

    /** The memory the caller named (the first change). */
    public Memory primary() {
        return changes.getFirst().after();
    }
}
