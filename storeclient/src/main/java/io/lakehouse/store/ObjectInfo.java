package io.lakehouse.store;

import java.time.Instant;
import java.util.Objects;

/** What a store knows of one object without reading it. */
public record ObjectInfo(ObjectKey key, long size, String etag, Instant modified) {
    public ObjectInfo {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(etag, "etag is null");
        Objects.requireNonNull(modified, "modified is null");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }
}
