package io.lakehouse.vectord.index;

/** The two kernels every distance is built from; one implementation is chosen once per JVM (see {@link VectorMath}). */
interface VectorOps {
    float dot(float[] a, float[] b);

    float squareDistance(float[] a, float[] b);

    /**
     * {@code a[aOffset ..] . b[bOffset ..]} over {@code n} floats (slots of flat vector stores): the same sum as
     * {@link #dot(float[], float[])}, bit for bit.
     */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int n);

    /** Squared distance between {@code n}-float slices of {@code a} and {@code b}, as {@link #squareDistance}. */
    float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int n);
}
