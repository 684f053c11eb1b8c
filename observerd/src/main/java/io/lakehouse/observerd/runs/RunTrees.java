package io.lakehouse.observerd.runs;

import io.lakehouse.observerd.observation.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a run as a tree: every observation as stored plus {@code duration_ms} and {@code children}, siblings by
 * start time. An observation whose parent is not (yet) in the run is a root marked {@code "parent_missing":true};
 * a cycle of parents is broken at its earliest member, so every observation appears exactly once.
 */
public final class RunTrees {
    private static final Comparator<Observation> ORDER = Comparator.comparingLong(Observation::startedNanos)
            .thenComparing(Observation::observationId);

    private final JsonMapper json;

    public RunTrees(JsonMapper json) {
        this.json = json;
    }

    public ObjectNode tree(RunView view) {
        List<Observation> all = new ArrayList<>(view.observations());
        all.sort(ORDER);
        Map<String, Observation> byId = new HashMap<>(all.size() * 2);
        for (Observation o : all) {
            byId.put(o.observationId(), o);
        }
        Map<String, List<Observation>> children = new HashMap<>();
        List<Observation> roots = new ArrayList<>();
        for (Observation o : all) {
            if (o.parentId() != null && byId.containsKey(o.parentId()) && !o.parentId().equals(o.observationId())) {
                children.computeIfAbsent(o.parentId(), k -> new ArrayList<>()).add(o);
            } else {
                roots.add(o);
            }
        }
        Set<String> placed = new HashSet<>(all.size() * 2);
        ArrayNode tree = json.createArrayNode();
        for (Observation r : roots) {
            tree.add(node(r, children, placed, r.parentId() != null));
        }
        for (Observation o : all) {
            if (!placed.contains(o.observationId())) {
                // Only members of a parent cycle are left: the earliest one becomes a root.
                ObjectNode n = node(o, children, placed, true);
                n.put("parent_cycle", true);
                tree.add(n);
            }
        }
        RunSummary s = view.summary();
        ObjectNode run = json.createObjectNode();
        RunsController.summary(s).forEach((k, v) -> run.set(k, json.valueToTree(v)));
        ObjectNode totals = json.createObjectNode();
        totals.put("observations", s.observations());
        totals.put("errors", s.errors());
        totals.put("input_tokens", s.inputTokens());
        totals.put("output_tokens", s.outputTokens());
        totals.put("cost_usd", s.costUsd());
        run.set("totals", totals);
        run.set("tree", tree);
        return run;
    }

    /** Depth-first with an explicit stack: a run may nest deeper than the thread's stack would allow. */
    private ObjectNode node(Observation top, Map<String, List<Observation>> children, Set<String> placed,
                            boolean parentMissing) {
        ObjectNode rootNode = render(top);
        if (parentMissing) {
            rootNode.put("parent_missing", true);
        }
        placed.add(top.observationId());
        record Frame(Observation o, ObjectNode n) {
        }
        List<Frame> stack = new ArrayList<>();
        stack.add(new Frame(top, rootNode));
        while (!stack.isEmpty()) {
            Frame f = stack.removeLast();
            ArrayNode kids = f.n().putArray("children");
            for (Observation c : children.getOrDefault(f.o().observationId(), List.of())) {
                if (!placed.add(c.observationId())) {
                    continue;
                }
                ObjectNode cn = render(c);
                kids.add(cn);
                stack.add(new Frame(c, cn));
            }
        }
        return rootNode;
    }

    private ObjectNode render(Observation o) {
        JsonNode stored = json.readTree(o.line());
        ObjectNode n = json.createObjectNode();
        n.put("observation_id", o.observationId());
        stored.properties().forEach(e -> {
            if (!e.getKey().equals("observation_id")) {
                n.set(e.getKey(), e.getValue());
            }
        });
        n.put("duration_ms", o.durationNanos() / 1e6);
        return n;
    }
}
