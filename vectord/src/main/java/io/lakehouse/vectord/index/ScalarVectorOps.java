package io.lakehouse.vectord.index;

/** Plain loops with four accumulators, so the JIT can keep several multiply-adds in flight. */
final class ScalarVectorOps implements VectorOps {
    @Override
    public float dot(float[] a, float[] b) {
        return dot(a, 0, b, 0, a.length);
    }

    @Override
    public float squareDistance(float[] a, float[] b) {
        return squareDistance(a, 0, b, 0, a.length);
    }

    @Override
    public float dot(float[] a, int p, float[] b, int o, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = n & ~3; i < bound; i += 4) {
            s0 += a[p + i] * b[o + i];
            s1 += a[p + i + 1] * b[o + i + 1];
            s2 += a[p + i + 2] * b[o + i + 2];
            s3 += a[p + i + 3] * b[o + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[p + i] * b[o + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float squareDistance(float[] a, int p, float[] b, int o, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = n & ~3; i < bound; i += 4) {
            float d0 = a[p + i] - b[o + i];
            float d1 = a[p + i + 1] - b[o + i + 1];
            float d2 = a[p + i + 2] - b[o + i + 2];
            float d3 = a[p + i + 3] - b[o + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            float d = a[p + i] - b[o + i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
