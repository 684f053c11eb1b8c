package io.lakehouse.matrixd.search;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** One source of a fused search, as validated from the request: the closed set of source types. */
public sealed interface SourceSpec {
    /** Unique name within the request; the key of {@code ranks} and of the {@code sources} block. */
    String name();

    /** {@code vector}, {@code memory} or {@code sql}. */
    String type();

    /** How many results to ask the source for. */
    int k();

    /** Weight in fusion (RRF and weighted). */
    double weight();

    /** The source's own timeout (also cut by the request's deadline). */
    Duration timeout();

    /** A vectord index searched with the query text (embedded by the index) or an explicit vector. */
    record Vector(String name, String index, int k, JsonNode filter, JsonNode vector, Integer ef, double weight,
                  Duration timeout) implements SourceSpec {
        public Vector {
            Objects.requireNonNull(index, "index is null");
        }

        @Override
        public String type() {
            return "vector";
        }
    }

    /** pathwayd memory search within a scope. */
    record Memory(String name, JsonNode scope, String kind, int k, double weight, Duration timeout)
            implements SourceSpec {
        @Override
        public String type() {
            return "memory";
        }
    }

    /**
     * A read-only statement run by queryd. The query text is bound as the first parameter ({@code $1} or the first
     * {@code ?}) unless {@code bindQuery} is false; {@code params} follow it. Never concatenated into the SQL.
     */
    record Sql(String name, String sql, String idColumn, String textColumn, String scoreColumn, List<JsonNode> params,
               boolean bindQuery, int k, double weight, Duration timeout) implements SourceSpec {
        public Sql {
            Objects.requireNonNull(sql, "sql is null");
            params = List.copyOf(params);
        }

        @Override
        public String type() {
            return "sql";
        }
    }
}
