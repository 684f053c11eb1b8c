package io.lakehouse.vectord.index;

import java.util.Objects;
import java.util.regex.Pattern;

/** The settings an index is created with; they never change afterwards (a different PUT is a 409). */
public record IndexSettings(String name, int dim, Metric metric, int m, int efConstruction, int efSearch,
                            EmbedderSpec embedder) {
    public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    public static final int MAX_DIM = 4096;

    public IndexSettings {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(metric, "metric is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("index name '" + name + "' must match " + NAME.pattern());
        }
        if (dim < 1 || dim > MAX_DIM) {
            throw new IllegalArgumentException("dim must be between 1 and " + MAX_DIM + ", got " + dim);
        }
        if (m < 2 || m > 128) {
            throw new IllegalArgumentException("m must be between 2 and 128, got " + m);
        }
        if (efConstruction < 1 || efConstruction > 4096) {
            throw new IllegalArgumentException("ef_construction must be between 1 and 4096, got " + efConstruction);
        }
        if (efSearch < 1 || efSearch > 4096) {
            throw new IllegalArgumentException("ef_search must be between 1 and 4096, got " + efSearch);
        }
    }
}
