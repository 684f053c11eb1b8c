package io.lakehouse.pathwayd.memory;

import java.util.Objects;

/** Whom a memory is about: a user, an agent and/or a run; any of them may be null. */
public record Scope(String userId, String agentId, String runId) {
    public static final Scope NONE = new Scope(null, null, null);

    /** True when every id set in {@code filter} equals this scope's. */
    public boolean matches(Scope filter) {
        return filter == null
                || (filter.userId == null || filter.userId.equals(userId))
                && (filter.agentId == null || filter.agentId.equals(agentId))
                && (filter.runId == null || filter.runId.equals(runId));
    }

    public boolean unscoped() {
        return userId == null && agentId == null && runId == null;
    }

    static Scope orNone(Scope s) {
        return Objects.requireNonNullElse(s, NONE);
    }
}
