package io.lakehouse.matrixd.search;

import io.lakehouse.matrixd.MatrixdError;
import io.lakehouse.matrixd.MatrixdProperties;
import io.lakehouse.shared.web.JsonFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Validates a {@code POST /v1/search} body once at the edge; every problem is a 400 that names the member. */
public final class SearchRequestParser {
    static final Pattern INDEX = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.:-]{1,64}$");
    static final int MAX_QUERY_CHARS = 10_000;
    private static final JsonFields FIELDS = new JsonFields(MatrixdError.INVALID_SEARCH);
    private static final Set<String> TOP = Set.of("query", "k", "fusion", "rrf_k", "timeout_ms", "sources");
    private static final Set<String> COMMON = Set.of("type", "name", "k", "weight", "timeout_ms");
    private static final Map<String, Set<String>> BY_TYPE = Map.of(
            "vector", Set.of("index", "filter", "vector", "ef"),
            "memory", Set.of("scope", "kind"),
            "sql", Set.of("sql", "id_column", "text_column", "score_column", "params", "bind_query"));

    private final MatrixdProperties.Search props;

    public SearchRequestParser(MatrixdProperties.Search props) {
        this.props = props;
    }

    public SearchRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw FIELDS.bad("the body must be a JSON object {\"query\", \"k\", \"sources\": [...], \"fusion\"}");
        }
        for (String m : body.propertyNames()) {
            if (!TOP.contains(m)) {
                throw FIELDS.bad("unknown member '" + m + "'; expected one of " + new java.util.TreeSet<>(TOP));
            }
        }
        int k = FIELDS.intIn(body, "k", 10, 1, props.maxK(), "k");
        FusionMode fusion = switch (FIELDS.string(body, "fusion", "rrf", "fusion")) {
            case "rrf" -> FusionMode.RRF;
            case "weighted" -> FusionMode.WEIGHTED;
            default -> throw FIELDS.bad("fusion must be \"rrf\" or \"weighted\", got " + body.get("fusion"));
        };
        int rrfK = FIELDS.intIn(body, "rrf_k", props.rrfK(), 1, 10_000, "rrf_k");
        Duration deadline = timeout(body, props.deadline(), "timeout_ms");
        JsonNode q = body.get("query");
        String query = null;
        if (q != null && !q.isNull()) {
            if (!q.isString() || q.asString().isBlank()) {
                throw FIELDS.bad("query must be a non-blank string");
            }
            if (q.asString().length() > MAX_QUERY_CHARS) {
                throw FIELDS.bad("query is longer than " + MAX_QUERY_CHARS + " characters");
            }
            query = q.asString();
        }
        JsonNode sources = body.get("sources");
        if (sources == null || !sources.isArray() || sources.isEmpty()) {
            throw FIELDS.bad("sources must be a non-empty array of {\"type\": \"vector\" | \"memory\" | \"sql\", ...}");
        }
        if (sources.size() > props.maxSources()) {
            throw FIELDS.bad("at most " + props.maxSources() + " sources per search, got " + sources.size());
        }
        List<SourceSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, Integer> typeCount = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            SourceSpec s = source(sources.get(i), "sources[" + i + "]", k, typeCount);
            if (!names.add(s.name())) {
                throw FIELDS.bad("sources[" + i + "]: name '" + s.name() + "' is used twice; names must be unique");
            }
            if (query == null && needsQuery(s)) {
                throw FIELDS.bad("query is required: sources[" + i + "] (" + s.type() + ") searches with the query text");
            }
            specs.add(s);
        }
        return new SearchRequest(query, k, fusion, rrfK, deadline, specs);
    }

    private static boolean needsQuery(SourceSpec s) {
        return switch (s) {
            case SourceSpec.Vector v -> v.vector() == null;
            case SourceSpec.Memory m -> true;
            case SourceSpec.Sql sql -> sql.bindQuery();
        };
    }

    private SourceSpec source(JsonNode n, String where, int topK, Map<String, Integer> typeCount) {
        if (n == null || !n.isObject()) {
            throw FIELDS.bad(where + " must be an object");
        }
        JsonNode t = n.get("type");
        if (t == null || !t.isString() || !BY_TYPE.containsKey(t.asString())) {
            throw FIELDS.bad(where + ".type must be one of \"vector\", \"memory\", \"sql\", got " + t);
        }
        String type = t.asString();
        for (String m : n.propertyNames()) {
            if (!COMMON.contains(m) && !BY_TYPE.get(type).contains(m)) {
                throw FIELDS.bad("unknown member '" + where + "." + m + "' for a " + type + " source");
            }
        }
        int seen = typeCount.merge(type, 1, Integer::sum);
        String name = FIELDS.string(n, "name", seen == 1 ? type : type + "-" + seen, where + ".name");
        if (!NAME.matcher(name).matches()) {
            throw FIELDS.bad(where + ".name must match " + NAME.pattern() + ", got '" + name + "'");
        }
        int k = FIELDS.intIn(n, "k", topK, 1, props.maxK(), where + ".k");
        double weight = 1.0;
        JsonNode w = n.get("weight");
        if (w != null && !w.isNull()) {
            if (!w.isNumber() || !(w.asDouble() > 0) || !Double.isFinite(w.asDouble())) {
                throw FIELDS.bad(where + ".weight must be a positive number, got " + w);
            }
            weight = w.asDouble();
        }
        Duration timeout = timeout(n, props.sourceTimeout(), where + ".timeout_ms");
        return switch (type) {
            case "vector" -> {
                String index = FIELDS.string(n, "index", null, where + ".index");
                if (index == null || !INDEX.matcher(index).matches()) {
                    throw FIELDS.bad(where + ".index must name a vectord index (" + INDEX.pattern() + "), got " + n.get("index"));
                }
                JsonNode filter = FIELDS.object(n, "filter", false, where + ".");
                JsonNode vector = n.get("vector");
                if (vector != null && !vector.isNull()) {
                    if (!vector.isArray() || vector.isEmpty()) {
                        throw FIELDS.bad(where + ".vector must be a non-empty array of numbers");
                    }
                    for (JsonNode c : vector) {
                        if (!c.isNumber()) {
                            throw FIELDS.bad(where + ".vector must hold numbers only, found " + c);
                        }
                    }
                } else {
                    vector = null;
                }
                Integer ef = n.hasNonNull("ef") ? FIELDS.intIn(n, "ef", 64, 1, 10_000, where + ".ef") : null;
                yield new SourceSpec.Vector(name, index, k, filter, vector, ef, weight, timeout);
            }
            case "memory" -> new SourceSpec.Memory(name, FIELDS.object(n, "scope", false, where + "."),
                    FIELDS.string(n, "kind", null, where + ".kind"), k, weight, timeout);
            default -> {
                String sql = FIELDS.string(n, "sql", null, where + ".sql");
                if (sql == null || sql.isBlank()) {
                    throw FIELDS.bad(where + ".sql must be a non-blank string holding one read-only statement");
                }
                List<JsonNode> params = new ArrayList<>();
                JsonNode p = n.get("params");
                if (p != null && !p.isNull()) {
                    if (!p.isArray()) {
                        throw FIELDS.bad(where + ".params must be an array of values for the placeholders after the query");
                    }
                    for (int i = 0; i < p.size(); i++) {
                        if (p.get(i).isContainer()) {
                            throw FIELDS.bad(where + ".params[" + i + "] must be a string, number, boolean or null");
                        }
                        params.add(p.get(i));
                    }
                }
                JsonNode bq = n.get("bind_query");
                if (bq != null && !bq.isNull() && !bq.isBoolean()) {
                    throw FIELDS.bad(where + ".bind_query must be true or false");
                }
                yield new SourceSpec.Sql(name, sql, FIELDS.string(n, "id_column", "id", where + ".id_column"),
                        FIELDS.string(n, "text_column", "text", where + ".text_column"),
                        FIELDS.string(n, "score_column", null, where + ".score_column"), params,
                        bq == null || bq.isNull() || bq.asBoolean(), k, weight, timeout);
            }
        };
    }

    private Duration timeout(JsonNode n, Duration dflt, String what) {
        String key = what.substring(what.lastIndexOf('.') + 1);
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        long max = props.maxTimeout().toMillis();
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1 || v.asLong() > max) {
            throw FIELDS.bad(what + " must be an integer between 1 and " + max + " (milliseconds), got " + v);
        }
        return Duration.ofMillis(v.asLong());
    }
}
