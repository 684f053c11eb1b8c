package io.lakehouse.vectord.index;

/** Plain loops with four accumulators, so the JIT can keep several multiply-adds in flight. */
final class ScalarVectorOps implements VectorOps {
    @Override
    public float dot(float[] a, float[] b) {
        return dot(a, b, 0);
    }

    @Override
    public float squareDistance(float[] a, float[] b) {
        return squareDistance(a, b, 0);
    }

    @Override
    public float dot(float[] a, float[] b, int o) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length;
        int i = 0;
        for (int bound = n & ~3; i < bound; i += 4) {
            s0 += a[i] * b[o + i];
            s1 += a[i + 1] * b[o + i + 1];
            s2 += a[i + 2] * b[o + i + 2];
            s3 += a[i + 3] * b[o + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[o + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float squareDistance(float[] a, float[] b, int o) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length;
        int i = 0;
        for (int bound = n & ~3; i < bound; i += 4) {
            float d0 = a[i] - b[o + i];
            float d1 = a[i + 1] - b[o + i + 1];
            float d2 = a[i + 2] - b[o + i + 2];
            float d3 = a[i + 3] - b[o + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            float d = a[i] - b[o + i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
