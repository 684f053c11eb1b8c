package io.lakehouse.vectord.api;

import io.lakehouse.shared.web.ApiException;
import io.lakehouse.vectord.VectordError;
import io.lakehouse.vectord.embed.Embedder;
import io.lakehouse.vectord.embed.EmbedderException;
import io.lakehouse.vectord.index.IndexSettings;
import io.lakehouse.vectord.index.Metric;
import io.lakehouse.vectord.index.VectorMath;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Parsing and checking of vectors at the edge: once here, never again inside. */
final class Vectors {
    private Vectors() {
    }

    /** Parses a JSON array into the vector the index stores (normalised for cosine); {@code what} names it in errors. */
    static float[] parse(JsonNode node, IndexSettings s, String what) {
        if (!node.isArray()) {
            throw new ApiException(VectordError.INVALID_VECTOR, what + " must be an array of numbers");
        }
        if (node.isEmpty()) {
            throw new ApiException(VectordError.INVALID_VECTOR, what + " is empty");
        }
        if (node.size() != s.dim()) {
            throw new ApiException(VectordError.INVALID_VECTOR, what + " has " + node.size()
                    + " dimensions, index '" + s.name() + "' expects " + s.dim());
        }
        float[] v = new float[node.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isNumber()) {
                throw new ApiException(VectordError.INVALID_VECTOR, what + "[" + i + "] is not a number: " + x);
            }
            float f = (float) x.asDouble();
            if (!Float.isFinite(f)) {
                throw new ApiException(VectordError.INVALID_VECTOR, what + "[" + i + "] is not finite as a 32-bit float: " + x);
            }
            v[i] = f;
        }
        return prepare(v, s, what);
    }

    static float[] prepare(float[] v, IndexSettings s, String what) {
        if (s.metric() == Metric.COSINE) {
            double n = VectorMath.norm(v);
            if (n == 0 || !Double.isFinite(n)) {
                throw new ApiException(VectordError.INVALID_VECTOR, what + " is a zero vector, which has no direction for cosine");
            }
            return VectorMath.normalized(v);
        }
        return v;
    }

    static List<float[]> embed(Embedder embedder, IndexSettings s, List<String> texts) {
        if (embedder == null) {
            throw new ApiException(VectordError.NO_EMBEDDER, "index '" + s.name()
                    + "' has no embedder: send vectors, or create the index with an embedder");
        }
        try {
            List<float[]> out = embedder.embed(texts);
            for (int i = 0; i < out.size(); i++) {
                float[] v = out.get(i);
                for (float f : v) {
                    if (!Float.isFinite(f)) {
                        throw new ApiException(VectordError.EMBEDDER_FAILED, "embedder returned a non-finite component");
                    }
                }
                out.set(i, prepare(v, s, "embedding of text " + i));
            }
            return out;
        } catch (EmbedderException e) {
            if (e.badInput()) {
                throw new ApiException(VectordError.INVALID_ITEM, e.getMessage());
            }
            throw new ApiException(e.timeout() ? VectordError.EMBEDDER_TIMEOUT : VectordError.EMBEDDER_FAILED,
                    e.getMessage());
        }
    }
}
