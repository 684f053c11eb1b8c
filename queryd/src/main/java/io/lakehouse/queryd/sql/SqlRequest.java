package io.lakehouse.queryd.sql;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** One statement to run: the SQL, the values for its {@code ?} placeholders, and an optional row cap. */
record SqlRequest(String sql, List<JsonNode> params, Long maxRows) {
    SqlRequest {
        Objects.requireNonNull(sql, "sql is null");
        params = List.copyOf(Objects.requireNonNull(params, "params is null"));
        if (maxRows != null && maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
        }
    }
}
