package io.lakehouse.vectord.index;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the incubating Vector API. Only loaded by {@link VectorMath} when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; two accumulators hide the FMA latency, a scalar loop does the tail.
 */
final class PanamaVectorOps implements VectorOps {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public float dot(float[] a, float[] b) {
        return dot(a, 0, b, 0, a.length);
    }

    @Override
    public float squareDistance(float[] a, float[] b) {
        return squareDistance(a, 0, b, 0, a.length);
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        int step = SPECIES.length();
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        for (int bound = n - 2 * step; i <= bound; i += 2 * step) {
            acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i).fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, a, aOffset + i + step).fma(FloatVector.fromArray(SPECIES, b, bOffset + i + step), acc1);
        }
        for (int bound = n - step; i <= bound; i += step) {
            acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i).fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOffset + i] * b[bOffset + i];
        }
        return s;
    }

    @Override
    public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int n) {
        int step = SPECIES.length();
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        for (int bound = n - 2 * step; i <= bound; i += 2 * step) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, a, aOffset + i).sub(FloatVector.fromArray(SPECIES, b, bOffset + i));
            FloatVector d1 = FloatVector.fromArray(SPECIES, a, aOffset + i + step).sub(FloatVector.fromArray(SPECIES, b, bOffset + i + step));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        for (int bound = n - step; i <= bound; i += step) {
            FloatVector d = FloatVector.fromArray(SPECIES, a, aOffset + i).sub(FloatVector.fromArray(SPECIES, b, bOffset + i));
            acc0 = d.fma(d, acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float d = a[aOffset + i] - b[bOffset + i];
            s += d * d;
        }
        return s;
    }
}
