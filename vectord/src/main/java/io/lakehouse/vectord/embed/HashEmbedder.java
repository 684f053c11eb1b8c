package io.lakehouse.vectord.embed;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Deterministic, offline embedder: lower-cased word tokens (weight 1), word bigrams (0.5) and character 3-grams
 * of each token with boundary marks (0.3) are hashed (64-bit FNV-1a) into {@code dim} buckets with a hash-derived
 * sign, then L2-normalised. Good for keyword-ish similarity and for tests; not semantic.
 */
public final class HashEmbedder implements Embedder {
    private final int dim;

    public HashEmbedder(int dim) {
        this.dim = dim;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }

    public float[] embed(String text) {
        double[] acc = new double[dim];
        List<String> tokens = tokens(text);
        String prev = null;
        for (String tok : tokens) {
            add(acc, "w:" + tok, 1.0);
            if (prev != null) {
                add(acc, "b:" + prev + " " + tok, 0.5);
            }
            String marked = "<" + tok + ">";
            for (int i = 0; i + 3 <= marked.length(); i++) {
                add(acc, "c:" + marked.substring(i, i + 3), 0.3);
            }
            prev = tok;
        }
        double norm = 0;
        for (double x : acc) {
            norm += x * x;
        }
        if (norm == 0) {
            throw new EmbedderException("text has no words to embed", false, true);
        }
        norm = Math.sqrt(norm);
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) (acc[i] / norm);
        }
        return v;
    }

    private void add(double[] acc, String feature, double weight) {
        long h = fnv1a(feature);
        int bucket = (int) Long.remainderUnsigned(h, dim);
        acc[bucket] += (h >>> 63) == 0 ? weight : -weight;
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean word = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(lower.substring(start, i));
                start = -1;
            }
        }
        return out;
    }

    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        // Final avalanche so that low bits and the sign bit are both well mixed.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
