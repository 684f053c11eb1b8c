package io.lakehouse.vectord.index;

import com.github.jelmerk.hnswlib.core.DistanceFunction;
import java.util.Locale;

/**
 * How similarity is measured. Cosine vectors are normalised at ingest so cosine is a dot product; the graph always
 * works on a distance (lower is closer) and {@link #score} turns it into what the API reports.
 */
public enum Metric {
    /** Similarity in [-1, 1], higher is better. */
    COSINE,
    /** Inner product, higher is better. */
    DOT,
    /** Euclidean distance, lower is better. */
    L2;

    public static Metric parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "cosine" -> COSINE;
            case "dot" -> DOT;
            case "l2" -> L2;
            default -> throw new IllegalArgumentException("unknown metric '" + s + "': expected cosine, dot or l2");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Distance used for ranking: 1 - dot for cosine and dot, squared Euclidean for l2. */
    public float distance(float[] a, float[] b) {
        return this == L2 ? VectorMath.squareDistance(a, b) : 1f - VectorMath.dot(a, b);
    }

    /** The score the API reports for a ranking distance. */
    public float score(float distance) {
        return this == L2 ? (float) Math.sqrt(distance) : 1f - distance;
    }

    /** Whether higher scores are better (similarity) or lower (distance). */
    public boolean higherIsBetter() {
        return this != L2;
    }

    /** hnswlib-core's distance: boxed by its generic API, but backed by our float[] kernels. */
    DistanceFunction<float[], Float> hnswDistance() {
        return this == L2 ? new SquareDistance() : new InnerProductDistance();
    }

    private static final class InnerProductDistance implements DistanceFunction<float[], Float> {
        private static final long serialVersionUID = 1L;

        @Override
        public Float distance(float[] u, float[] v) {
            return 1f - VectorMath.dot(u, v);
        }
    }

    private static final class SquareDistance implements DistanceFunction<float[], Float> {
        private static final long serialVersionUID = 1L;

        @Override
        public Float distance(float[] u, float[] v) {
            return VectorMath.squareDistance(u, v);
        }
    }
}
