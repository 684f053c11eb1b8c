package io.lakehouse.vectord.index;

import com.github.jelmerk.hnswlib.core.Item;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One stored item: its id, its (for cosine: normalised) vector, its metadata (null when none) and the log sequence
 * number of the write that produced it, which is also the version hnswlib-core uses to order concurrent writes.
 */
public record ItemRecord(String id, float[] vector, JsonNode metadata, long version) implements Item<String, float[]> {
    private static final long serialVersionUID = 1L;

    public ItemRecord {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(vector, "vector is null");
    }

    @Override
    public int dimensions() {
        return vector.length;
    }
}
