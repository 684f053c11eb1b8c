package io.lakehouse.vectord.index;

/** The two kernels every distance is built from; one implementation is chosen once per JVM (see {@link VectorMath}). */
interface VectorOps {
    float dot(float[] a, float[] b);

    float squareDistance(float[] a, float[] b);

    /** {@code a . b[bOffset .. bOffset + a.length)}: the same sum as {@link #dot(float[], float[])}, bit for bit. */
    float dot(float[] a, float[] b, int bOffset);

    /** Squared distance from {@code a} to the slice of {@code b} at {@code bOffset}, as {@link #squareDistance}. */
    float squareDistance(float[] a, float[] b, int bOffset);
}
