package io.lakehouse.matrixd.search;

import java.time.Duration;
import java.util.List;

/** A validated {@code POST /v1/search} body. */
public record SearchRequest(String query, int k, FusionMode fusion, int rrfK, Duration deadline,
                            List<SourceSpec> sources) {
    public SearchRequest {
        sources = List.copyOf(sources);
    }
}
