package io.lakehouse.vectord.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.vectord.VectordError;
import io.lakehouse.vectord.index.Filter;
import io.lakehouse.vectord.index.IndexSettings;
import io.lakehouse.vectord.index.Metric;
import io.lakehouse.vectord.index.SearchHit;
import io.lakehouse.vectord.registry.IndexRegistry;
import io.lakehouse.vectord.registry.OpenIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** k-NN search, single and batch. Every query of a batch is checked before any runs. */
@RestController
@RequestMapping("/v1/indexes/{name}/search")
class SearchController {
    static final int MAX_K = 1000;
    static final int MAX_EF = 10_000;
    private static final Set<String> MEMBERS = Set.of("vector", "text", "k", "ef", "filter", "include_metadata",
            "include_vectors", "exact");

    private final IndexRegistry registry;

    SearchController(IndexRegistry registry) {
        this.registry = registry;
    }

    record Query(float[] vector, String text, int k, int ef, Filter filter, boolean includeMetadata,
                 boolean includeVectors, boolean exact) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(String id, float score, JsonNode metadata, float[] vector) {
    }

    record Response(List<Result> results, double tookMs) {
    }

    record BatchResponse(List<Response> responses, double tookMs) {
    }

    @PostMapping
    Response search(@PathVariable String name, @RequestBody JsonNode body) {
        long start = System.nanoTime();
        OpenIndex o = Indexes.open(registry, name);
        Query q = parse(o, body, "");
        q = embedIfText(o, List.of(q)).getFirst();
        List<Result> results = run(o, q);
        long nanos = System.nanoTime() - start;
        o.searchTimer().record(nanos, TimeUnit.NANOSECONDS);
        return new Response(results, nanos / 1e6);
    }

    @PostMapping("/batch")
    BatchResponse batch(@PathVariable String name, @RequestBody JsonNode body) {
        long start = System.nanoTime();
        OpenIndex o = Indexes.open(registry, name);
        JsonNode queries = body == null ? null : body.get("queries");
        if (queries == null || !queries.isArray() || queries.isEmpty()) {
            throw new ApiException(VectordError.INVALID_SEARCH, "body must be {\"queries\": [...]} with at least one query");
        }
        if (queries.size() > MAX_K) {
            throw new ApiException(VectordError.INVALID_SEARCH, "at most " + MAX_K + " queries per batch, got " + queries.size());
        }
        List<Query> parsed = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            parsed.add(parse(o, queries.get(i), "queries[" + i + "]."));
        }
        parsed = embedIfText(o, parsed);
        List<Response> out = new ArrayList<>(parsed.size());
        for (Query q : parsed) {
            long s = System.nanoTime();
            List<Result> r = run(o, q);
            long nanos = System.nanoTime() - s;
            o.searchTimer().record(nanos, TimeUnit.NANOSECONDS);
            out.add(new Response(r, nanos / 1e6));
        }
        return new BatchResponse(out, (System.nanoTime() - start) / 1e6);
    }

    private List<Result> run(OpenIndex o, Query q) {
        Metric metric = o.settings().metric();
        List<SearchHit> hits = o.index().search(q.vector(), q.k(), q.ef(), q.filter(), q.exact());
        List<Result> out = new ArrayList<>(hits.size());
        for (SearchHit h : hits) {
            out.add(new Result(h.item().id(), metric.score(h.distance()),
                    q.includeMetadata() ? h.item().metadata() : null,
                    q.includeVectors() ? h.item().vector() : null));
        }
        return out;
    }

    private static List<Query> embedIfText(OpenIndex o, List<Query> qs) {
        List<String> texts = new ArrayList<>();
        for (Query q : qs) {
            if (q.vector() == null) {
                texts.add(q.text());
            }
        }
        if (texts.isEmpty()) {
            return qs;
        }
        List<float[]> vs = Vectors.embed(o.embedder(), o.settings(), texts);
        List<Query> out = new ArrayList<>(qs.size());
        int j = 0;
        for (Query q : qs) {
            out.add(q.vector() != null ? q : new Query(vs.get(j++), null, q.k(), q.ef(), q.filter(),
                    q.includeMetadata(), q.includeVectors(), q.exact()));
        }
        return out;
    }

    private static Query parse(OpenIndex o, JsonNode n, String where) {
        IndexSettings s = o.settings();
        if (n == null || !n.isObject()) {
            throw new ApiException(VectordError.INVALID_SEARCH, (where.isEmpty() ? "body" : where) + " must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!MEMBERS.contains(e.getKey())) {
                throw new ApiException(VectordError.INVALID_SEARCH, "unknown member '" + where + e.getKey() + "'");
            }
        }
        JsonNode v = n.get("vector");
        JsonNode t = n.get("text");
        boolean hasV = v != null && !v.isNull();
        boolean hasT = t != null && !t.isNull();
        if (hasV == hasT) {
            throw new ApiException(VectordError.INVALID_SEARCH, where + "vector or text is required (exactly one)");
        }
        float[] vector = hasV ? Vectors.parse(v, s, where + "vector") : null;
        String text = null;
        if (hasT) {
            if (!t.isString()) {
                throw new ApiException(VectordError.INVALID_SEARCH, where + "text must be a string");
            }
            text = t.asString();
        }
        int k = intOr(n, "k", 10, where);
        if (k < 1 || k > MAX_K) {
            throw new ApiException(VectordError.INVALID_SEARCH, where + "k must be between 1 and " + MAX_K + ", got " + k);
        }
        int ef = intOr(n, "ef", s.efSearch(), where);
        if (ef < 1 || ef > MAX_EF) {
            throw new ApiException(VectordError.INVALID_SEARCH, where + "ef must be between 1 and " + MAX_EF + ", got " + ef);
        }
        Filter filter;
        try {
            filter = Filter.parse(n.get("filter"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(VectordError.INVALID_FILTER, where + e.getMessage());
        }
        return new Query(vector, text, k, ef, filter, boolOr(n, "include_metadata", true, where),
                boolOr(n, "include_vectors", false, where), boolOr(n, "exact", false, where));
    }

    private static int intOr(JsonNode n, String key, int dflt, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ApiException(VectordError.INVALID_SEARCH, where + key + " must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static boolean boolOr(JsonNode n, String key, boolean dflt, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new ApiException(VectordError.INVALID_SEARCH, where + key + " must be true or false");
        }
        return v.asBoolean();
    }
}
