package io.lakehouse.pathwayd.memory;

import io.lakehouse.pathwayd.PathwaydError;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place that decides whether an operation is allowed, over the states {@code active -> superseded} and
 * {@code active -> retired} (both terminal), and what it changes. It reads a {@link MemoryState} and returns an
 * {@link Operation} to journal, or throws {@link Rejected} having changed nothing.
 *
 * <p>Order of checks for an operation on a memory: 404 unknown id, 412 stale {@code If-Match}, 409 naming the state
 * when it is not active; for a REVISE that links a successor: 404 unknown successor, 409 retired successor, 409
 * {@code revision_cycle} when the successor already (transitively) is superseded by the revised memory.
 */
public final class MemoryStateMachine {
    static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * What a decision produced: the operation to journal (null for a no-op) and the memory to answer with;
     * {@code resultJson} is that memory already as JSON when journaling serialized it (null otherwise).
     */
    public record Decision(Operation operation, Memory result, boolean created, byte[] resultJson) {
        public Decision(Operation operation, Memory result, boolean created) {
            this(operation, result, created, null);
        }

        Decision withResultJson(byte[] json) {
            return new Decision(operation, result, created, json);
        }
    }

    private final Clock clock;
    private final Supplier<String> ids;
    /** The last timestamp formatted: ADDs in the same millisecond share it (one string fewer kept per version). */
    private volatile Stamp last = new Stamp(Long.MIN_VALUE, null);
    /**
     * Recently seen scopes, one instance each: memories of the same user/agent/run share one {@link Scope} and its
     * strings instead of keeping a parsed copy per version (~70 bytes). A slot holds the last scope hashed to it; a
     * race between two deciding threads only costs a copy.
     */
    private final Scope[] scopes = new Scope[4096];

    private record Stamp(long millis, String text) {
    }

    public MemoryStateMachine(Clock clock, Supplier<String> ids) {
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.ids = Objects.requireNonNull(ids, "ids is null");
    }

    public Decision decide(Command command, MemoryState view) {
        String at = now();
        return switch (command) {
            case Command.Add a -> add(a, at);
            case Command.Update u -> update(u, view, at);
            case Command.Revise r -> revise(r, view, at);
            case Command.Retire r -> retire(r, view, at);
            case Command.PutPlaybook p -> putPlaybook(p, view, at);
        };
    }

    private String now() {
        long millis = clock.millis();
        Stamp s = last;
        if (s.millis() != millis) {
            s = new Stamp(millis, AT.format(java.time.Instant.ofEpochMilli(millis)));
            last = s;
        }
        return s.text();
    }

    private Scope canonical(Scope s) {
        if (s == null || s.unscoped()) {
            return Scope.NONE;
        }
        int h = s.hashCode();
        int i = (h ^ (h >>> 16)) & (scopes.length - 1);
        Scope c = scopes[i];
        if (s.equals(c)) {
            return c;
        }
        scopes[i] = s;
        return s;
    }

    private Decision add(Command.Add a, String at) {
        Memory m = new Memory(ids.get(), a.kind(), a.content(), a.steps(), canonical(a.scope()), orEmpty(a.metadata()),
                State.ACTIVE, 1, List.of(), null, a.playbook(), at, at);
        return new Decision(new Operation(OpType.ADD, at, null, null, List.of(new Change(m.id(), null, m))), m, true);
    }

    private Decision update(Command.Update u, MemoryState view, String at) {
        Memory m = changeable(view, u.id(), u.ifMatch(), OpType.UPDATE);
        Memory after = m.withContent(u.content() != null ? u.content() : m.content(),
                u.steps() != null ? u.steps() : m.steps(), merge(m.metadata(), u.metadata()), at);
        return new Decision(new Operation(OpType.UPDATE, at, null, null, List.of(new Change(m.id(), m, after))),
                after, false);
    }

    private Decision revise(Command.Revise r, MemoryState view, String at) {
        Memory m = changeable(view, r.id(), r.ifMatch(), OpType.REVISE);
        if (r.successorId() != null) {
            Memory s = view.get(r.successorId()).orElseThrow(() -> new Rejected(PathwaydError.SUCCESSOR_NOT_FOUND,
                    "no memory with id " + r.successorId() + " to link as the successor of " + m.id(),
                    Map.of("successor_id", r.successorId())));
            if (s.state() == State.RETIRED) {
                throw new Rejected(PathwaydError.SUCCESSOR_RETIRED, "memory " + s.id()
                        + " is retired and cannot become the successor of " + m.id(),
                        Map.of("state", s.state().wire(), "successor_id", s.id()));
            }
            List<String> cycle = cycle(view, m.id(), s);
            if (cycle != null) {
                throw new Rejected(PathwaydError.REVISION_CYCLE, "linking " + m.id() + " -> " + s.id()
                        + " would close the cycle " + String.join(" -> ", cycle), Map.of("cycle", cycle));
            }
            Memory old = m.supersededBy(s.id(), at);
            Memory linked = s.alsoSupersedes(m.id(), at);
            return new Decision(new Operation(OpType.REVISE, at, r.reason(), s.id(),
                    List.of(new Change(m.id(), m, old), new Change(s.id(), s, linked))), linked, false);
        }
        Memory n = new Memory(ids.get(), m.kind(), r.content(), r.steps() != null ? r.steps() : m.steps(), m.scope(),
                merge(m.metadata(), r.metadata()), State.ACTIVE, 1, List.of(m.id()), null, m.playbook(), at, at);
        return successor(m, n, r.reason(), at);
    }

    private static Decision successor(Memory m, Memory n, String reason, String at) {
        Memory old = m.supersededBy(n.id(), at);
        return new Decision(new Operation(OpType.REVISE, at, reason, n.id(),
                List.of(new Change(m.id(), m, old), new Change(n.id(), null, n))), n, true);
    }

    private Decision retire(Command.Retire r, MemoryState view, String at) {
        Memory m = changeable(view, r.id(), r.ifMatch(), OpType.RETIRE);
        Memory after = m.retired(at);
        return new Decision(new Operation(OpType.RETIRE, at, r.reason(), null, List.of(new Change(m.id(), m, after))),
                after, false);
    }

    private Decision putPlaybook(Command.PutPlaybook p, MemoryState view, String at) {
        Memory current = view.playbook(p.name()).orElse(null);
        JsonNode metadata = orEmpty(p.metadata());
        if (current == null) {
            return add(new Command.Add(Kind.PROCEDURE, p.content(), p.steps(), p.scope(), metadata, p.name()), at);
        }
        if (current.content().equals(p.content()) && Objects.equals(current.steps(), p.steps())
                && current.metadata().equals(metadata) && current.scope().equals(Scope.orNone(p.scope()))) {
            return new Decision(null, current, false);
        }
        Memory n = new Memory(ids.get(), Kind.PROCEDURE, p.content(), p.steps(), p.scope(), metadata, State.ACTIVE, 1,
                List.of(current.id()), null, p.name(), at, at);
        return successor(current, n, p.reason(), at);
    }

    /** The memory, if it exists, matches {@code ifMatch} and is active; otherwise the rejection. */
    private static Memory changeable(MemoryState view, String id, Long ifMatch, OpType op) {
        Memory m = view.get(id).orElseThrow(() -> new Rejected(PathwaydError.MEMORY_NOT_FOUND,
                "no memory with id " + id, Map.of("memory_id", id)));
        if (ifMatch != null && ifMatch != m.version()) {
            throw new Rejected(PathwaydError.VERSION_MISMATCH, "memory " + id + " is at version " + m.version()
                    + ", If-Match named " + ifMatch, Map.of("memory_id", id, "current_version", m.version()));
        }
        switch (m.state()) {
            case ACTIVE -> {
                return m;
            }
            case SUPERSEDED -> {
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("memory_id", id);
                props.put("state", m.state().wire());
                props.put("superseded_by", m.supersededBy());
                throw new Rejected(PathwaydError.MEMORY_SUPERSEDED, "memory " + id + " is superseded by "
                        + m.supersededBy() + "; " + op + " needs an active memory", props);
            }
            case RETIRED -> throw new Rejected(PathwaydError.MEMORY_RETIRED, "memory " + id + " is retired; " + op
                    + " needs an active memory", Map.of("memory_id", id, "state", m.state().wire()));
            default -> throw new AssertionError(m.state());
        }
    }

    /**
     * Linking {@code revised -> successor} makes the successor supersede the revised memory; that closes a cycle
     * exactly when following superseded_by from the successor reaches the revised memory (or they are the same).
     * The graph is acyclic before, so the walk ends. Returns the cycle, or null.
     */
    static List<String> cycle(MemoryState view, String revised, Memory successor) {
        List<String> path = new ArrayList<>();
        path.add(revised);
        for (Memory x = successor; x != null; x = x.supersededBy() == null ? null : view.get(x.supersededBy()).orElse(null)) {
            path.add(x.id());
            if (x.id().equals(revised)) {
                return path;
            }
        }
        return null;
    }

    /** Shallow JSON merge: members of {@code patch} replace, a null member removes; null patch keeps the base. */
    static JsonNode merge(JsonNode base, JsonNode patch) {
        if (patch == null) {
            return base;
        }
        ObjectNode out = base == null || !base.isObject() ? JsonNodeFactory.instance.objectNode()
                : ((ObjectNode) base).deepCopy();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    private static JsonNode orEmpty(JsonNode metadata) {
        return metadata == null || metadata.isNull() ? JsonNodeFactory.instance.objectNode() : metadata;
    }
}
