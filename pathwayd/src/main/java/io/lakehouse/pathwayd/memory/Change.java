package io.lakehouse.pathwayd.memory;

import static java.util.Objects.requireNonNull;

/** What one operation did to one memory: its version before (null when it was created) and after. */
public record Change(String memoryId, Memory before, Memory after) {
    public Change {
        requireNonNull(memoryId, "memoryId is null");
        requireNonNull(after, "after is null");
    }
}
