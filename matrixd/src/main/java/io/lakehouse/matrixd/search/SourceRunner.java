package io.lakehouse.matrixd.search;

import io.lakehouse.matrixd.peer.Peers;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Runs one source against its peer and turns the answer into ranked {@link Hit}s. Throws on any failure. */
public class SourceRunner {
    private final Peers peers;
    private final JsonMapper json;

    public SourceRunner(Peers peers, JsonMapper json) {
        this.peers = peers;
        this.json = json;
    }

    /** The source's hits, best first. */
    public List<Hit> run(SourceSpec spec, String query) {
        return switch (spec) {
            case SourceSpec.Vector v -> vector(v, query);
            case SourceSpec.Memory m -> memory(m, query);
            case SourceSpec.Sql s -> sql(s, query);
        };
    }

    private List<Hit> vector(SourceSpec.Vector v, String query) {
        ObjectNode body = json.createObjectNode();
        if (v.vector() != null) {
            body.set("vector", v.vector());
        } else {
            body.put("text", query);
        }
        body.put("k", v.k());
        if (v.ef() != null) {
            body.put("ef", v.ef());
        }
        if (v.filter() != null) {
            body.set("filter", v.filter());
        }
        body.put("include_metadata", true);
        JsonNode answer = peers.post("vectord", "/v1/indexes/" + v.index() + "/search", body);
        List<Hit> hits = new ArrayList<>();
        for (JsonNode r : answer.path("results")) {
            hits.add(new Hit(r.path("id").asString(), r.path("score").asDouble(Double.NaN), r.get("metadata")));
        }
        return hits;
    }

    /**
     * pathwayd's answer is read leniently: a list under {@code results} (or {@code memories}), each element either
     * a memory with a {@code score}, or {@code {"memory": {...}, "score"}}; the metadata is the memory itself.
     */
    private List<Hit> memory(SourceSpec.Memory m, String query) {
        ObjectNode body = json.createObjectNode();
        body.put("query", query);
        body.put("k", m.k());
        if (m.scope() != null) {
            body.set("scope", m.scope());
        }
        if (m.kind() != null) {
            body.put("kind", m.kind());
        }
        JsonNode answer = peers.post("pathwayd", "/v1/memories/search", body);
        JsonNode list = answer.isArray() ? answer : answer.has("results") ? answer.get("results") : answer.path("memories");
        List<Hit> hits = new ArrayList<>();
        for (JsonNode r : list) {
            JsonNode memory = r.has("memory") && r.get("memory").isObject() ? r.get("memory") : r;
            String id = memory.path("id").asString(null);
            if (id == null) {
                throw new IllegalStateException("pathwayd returned a result without an id: " + r);
            }
            ObjectNode meta = memory.deepCopy() instanceof ObjectNode o ? o : json.createObjectNode();
            meta.remove("id");
            meta.remove("score");
            hits.add(new Hit(id, r.path("score").asDouble(Double.NaN), meta));
        }
        return hits;
    }

    /** The query text travels as a bound parameter, never inside the SQL text. */
    private List<Hit> sql(SourceSpec.Sql s, String query) {
        ObjectNode body = json.createObjectNode();
        body.put("sql", s.sql());
        ArrayNode params = body.putArray("params");
        if (s.bindQuery()) {
            params.add(query);
        }
        s.params().forEach(params::add);
        body.put("max_rows", s.k());
        JsonNode answer = peers.post("queryd", "/sql", body);
        JsonNode columns = answer.path("columns");
        int idAt = -1;
        int scoreAt = -1;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).path("name").asString();
            names.add(name);
            if (name.equals(s.idColumn())) {
                idAt = i;
            }
            if (name.equals(s.scoreColumn())) {
                scoreAt = i;
            }
        }
        if (idAt < 0) {
            throw new SourceFailure("id_column_missing", "the statement's columns " + names + " have no id column '"
                    + s.idColumn() + "'");
        }
        if (s.scoreColumn() != null && scoreAt < 0) {
            throw new SourceFailure("score_column_missing", "the statement's columns " + names
                    + " have no score column '" + s.scoreColumn() + "'");
        }
        List<Hit> hits = new ArrayList<>();
        for (JsonNode row : answer.path("rows")) {
            JsonNode id = row.get(idAt);
            if (id == null || id.isNull()) {
                continue;
            }
            ObjectNode meta = json.createObjectNode();
            for (int i = 0; i < names.size(); i++) {
                if (i == idAt) {
                    continue;
                }
                String key = names.get(i).equals(s.textColumn()) ? "text" : names.get(i);
                meta.set(key, row.get(i));
            }
            double score = scoreAt < 0 ? Double.NaN : scoreOf(row.get(scoreAt));
            hits.add(new Hit(id.isString() ? id.asString() : id.toString(), score, meta));
        }
        return hits;
    }

    private static double scoreOf(JsonNode v) {
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        // Large integers and decimals arrive as strings (queryd keeps them exact).
        try {
            return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A source answered but not usably; carries a stable code for the {@code sources} block. */
    public static final class SourceFailure extends RuntimeException {
        private final String code;

        public SourceFailure(String code, String detail) {
            super(detail);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

}
