package io.lakehouse.matrixd.search;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** One ranked item from one source: its id, the source's own score ({@code NaN} when it has none), metadata. */
public record Hit(String id, double score, JsonNode metadata) {
    public Hit {
        Objects.requireNonNull(id, "id is null");
    }

    /** True when the source gave a usable score. */
    public boolean scored() {
        return Double.isFinite(score);
    }
}
