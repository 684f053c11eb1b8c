package io.lakehouse.matrixd.match;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A validated {@code POST /v1/match} body. The left side is {@code ids} or {@code filter} (exactly one); the right
 * side is an index, a fixed filter and {@code join} clauses that take a value from each left item's metadata.
 */
public record MatchRequest(String leftIndex, List<String> leftIds, JsonNode leftFilter, String rightIndex,
                           JsonNode rightFilter, List<Join> join, int k, Integer ef, boolean exact,
                           boolean includeMetadata, boolean includeLeftMetadata) {
    public MatchRequest {
        Objects.requireNonNull(leftIndex, "leftIndex is null");
        Objects.requireNonNull(rightIndex, "rightIndex is null");
        if ((leftIds == null) == (leftFilter == null)) {
            throw new IllegalArgumentException("exactly one of leftIds and leftFilter");
        }
        leftIds = leftIds == null ? null : List.copyOf(leftIds);
        join = List.copyOf(join);
    }

    /** Right items must satisfy {@code right.<rightField> <op> left.<leftField>} (op: eq, in, gte, gt, lte, lt). */
    public record Join(String rightField, String op, String leftField) {
    }

    /** When both sides are one index, an item never matches itself. */
    public boolean sameIndex() {
        return leftIndex.equals(rightIndex);
    }
}
