package io.lakehouse.pathwayd.search;

import io.lakehouse.pathwayd.PathwaydError;
import io.lakehouse.pathwayd.memory.Kind;
import io.lakehouse.pathwayd.memory.Memory;
import io.lakehouse.pathwayd.memory.MemoryService;
import io.lakehouse.pathwayd.memory.Scope;
import io.lakehouse.shared.peer.PeerException;
import io.lakehouse.shared.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Semantic search over memories and playbooks through the vectord index. Scope and kind are pushed down as metadata
 * filters; every hit is then checked against the live state, so a retired or superseded memory is never answered,
 * even while the index lags behind. vectord unreachable (or failing): 503 {@code index_unavailable}.
 */
@RestController
class SearchController {
    static final int MAX_K = 100;
    private static final Set<String> MEMBERS = Set.of("query", "scope", "kind", "k");

    private final MemoryService service;
    private final ObjectProvider<VectordIndex> index;
    private final ObjectProvider<IndexFeeder> feeder;

    SearchController(MemoryService service, ObjectProvider<VectordIndex> index, ObjectProvider<IndexFeeder> feeder) {
        this.service = service;
        this.index = index;
        this.feeder = feeder;
    }

    record Hit(Memory memory, double score) {
    }

    record Results(List<Hit> results, long indexLag) {
    }

    record PlaybookHit(String name, double score, Memory memory) {
    }

    record PlaybookResults(List<PlaybookHit> results, long indexLag) {
    }

    record Query(String text, Scope scope, Kind kind, int k) {
    }

    @PostMapping("/v1/memories/search")
    Results search(@RequestBody JsonNode body) {
        Query q = parse(body, true);
        Map<String, Object> filter = filter(q.scope());
        if (q.kind() != null) {
            filter.put("kind", q.kind().wire());
        }
        List<Hit> hits = run(q, filter, m -> m.kind() == q.kind() || q.kind() == null);
        return new Results(hits, lag());
    }

    @PostMapping("/v1/playbooks/search")
    PlaybookResults searchPlaybooks(@RequestBody JsonNode body) {
        Query q = parse(body, false);
        Map<String, Object> filter = filter(q.scope());
        filter.put("is_playbook", true);
        List<PlaybookHit> out = new ArrayList<>();
        for (Hit h : run(q, filter, m -> m.playbook() != null)) {
            out.add(new PlaybookHit(h.memory().playbook(), h.score(), h.memory()));
        }
        return new PlaybookResults(out, lag());
    }

    private long lag() {
        IndexFeeder f = feeder.getIfAvailable();
        return f == null ? 0 : f.lag();
    }

    private static Map<String, Object> filter(Scope s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("state", "active");
        if (s.userId() != null) {
            f.put("user_id", s.userId());
        }
        if (s.agentId() != null) {
            f.put("agent_id", s.agentId());
        }
        if (s.runId() != null) {
            f.put("run_id", s.runId());
        }
        return f;
    }

    /** Asks for more than k: hits the live state drops (changed since indexing) must not leave the answer short. */
    private List<Hit> run(Query q, Map<String, Object> filter, Predicate<Memory> also) {
        VectordIndex idx = index.getIfAvailable();
        if (idx == null) {
            throw new ApiException(PathwaydError.INDEX_UNAVAILABLE, "search is switched off (lakehouse.pathwayd.index.enabled=false)");
        }
        int ask = Math.min(1000, q.k() * 2 + 10);
        while (true) {
            List<VectordIndex.Hit> raw;
            try {
                raw = idx.search(q.text(), ask, filter);
            } catch (PeerException e) {
                throw new ApiException(PathwaydError.INDEX_UNAVAILABLE, "the vectord index " + idx.name()
                        + " cannot be searched now (" + e.getMessage() + "); writes still succeed and the index"
                        + " catches up when vectord is back");
            }
            List<Hit> out = new ArrayList<>();
            for (VectordIndex.Hit h : raw) {
                Memory m = service.live().get(h.id()).orElse(null);
                if (m != null && m.active() && m.scope().matches(q.scope()) && also.test(m)) {
                    out.add(new Hit(m, h.score()));
                    if (out.size() == q.k()) {
                        break;
                    }
                }
            }
            if (out.size() == q.k() || raw.size() < ask || ask >= 1000) {
                return out;
            }
            ask = Math.min(1000, ask * 4);
        }
    }

    private static Query parse(JsonNode n, boolean kindAllowed) {
        if (n == null || !n.isObject()) {
            throw invalid("body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!MEMBERS.contains(e.getKey()) || (!kindAllowed && e.getKey().equals("kind"))) {
                throw invalid("unknown member '" + e.getKey() + "'");
            }
        }
        JsonNode query = n.get("query");
        if (query == null || !query.isString() || query.asString().isBlank()) {
            throw invalid("query must be a non-blank string");
        }
        Scope scope = Scope.NONE;
        JsonNode s = n.get("scope");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                throw invalid("scope must be an object");
            }
            for (Map.Entry<String, JsonNode> e : s.properties()) {
                if (!Set.of("user_id", "agent_id", "run_id").contains(e.getKey()) || !e.getValue().isString()) {
                    throw invalid("scope members are user_id, agent_id and run_id, as strings; got " + e.getKey());
                }
            }
            scope = new Scope(text(s, "user_id"), text(s, "agent_id"), text(s, "run_id"));
        }
        Kind kind = null;
        JsonNode kn = n.get("kind");
        if (kn != null && !kn.isNull()) {
            kind = kn.isString() ? Kind.parse(kn.asString()) : null;
            if (kind == null) {
                throw invalid("kind must be fact, procedure or episode, got " + kn);
            }
        }
        int k = 10;
        JsonNode kv = n.get("k");
        if (kv != null && !kv.isNull()) {
            if (!kv.isIntegralNumber() || kv.asInt() < 1 || kv.asInt() > MAX_K) {
                throw invalid("k must be an integer between 1 and " + MAX_K + ", got " + kv);
            }
            k = kv.asInt();
        }
        return new Query(query.asString(), scope, kind, k);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static ApiException invalid(String detail) {
        return new ApiException(PathwaydError.INVALID_QUERY, detail);
    }
}
