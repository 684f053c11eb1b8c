package io.lakehouse.vectord.index;

/** The two kernels every distance is built from; one implementation is chosen once per JVM (see {@link VectorMath}). */
interface VectorOps {
    float dot(float[] a, float[] b);

    float squareDistance(float[] a, float[] b);
}
