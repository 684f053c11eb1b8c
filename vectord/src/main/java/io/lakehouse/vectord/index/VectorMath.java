package io.lakehouse.vectord.index;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distance kernels for the hot path. The SIMD implementation is used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; otherwise a scalar loop with several accumulators. Chosen once.
 */
public final class VectorMath {
    private static final Logger LOG = LoggerFactory.getLogger(VectorMath.class);
    private static final VectorOps OPS = choose();

    private VectorMath() {
    }

    private static VectorOps choose() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (present && !Boolean.getBoolean("vectord.scalar")) {
            try {
                // Loaded by name so that a JVM without the module never links the class.
                VectorOps ops = (VectorOps) Class.forName("io.lakehouse.vectord.index.PanamaVectorOps")
                        .getDeclaredConstructor().newInstance();
                LOG.info("distance kernels: Vector API (jdk.incubator.vector)");
                return ops;
            } catch (ReflectiveOperationException | LinkageError e) {
                LOG.warn("Vector API present but unusable ({}); using scalar distance kernels", e.toString());
            }
        } else {
            LOG.info("distance kernels: scalar (start the JVM with --add-modules jdk.incubator.vector for SIMD)");
        }
        return new ScalarVectorOps();
    }

    /** Name of the kernel in use, for stats and benchmarks. */
    public static String implementation() {
        return OPS instanceof ScalarVectorOps ? "scalar" : "vector-api";
    }

    public static float dot(float[] a, float[] b) {
        return OPS.dot(a, b);
    }

    public static float squareDistance(float[] a, float[] b) {
        return OPS.squareDistance(a, b);
    }

    /** {@code n} floats of {@code a} from {@code aOffset} against {@code b} from {@code bOffset} (slots of flat stores). */
    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        return OPS.dot(a, aOffset, b, bOffset, n);
    }

    public static float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int n) {
        return OPS.squareDistance(a, aOffset, b, bOffset, n);
    }

    /** Euclidean norm in double precision, so that normalising does not drift. */
    public static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** Returns a unit-length copy; the caller has checked that the norm is not zero. */
    public static float[] normalized(float[] v) {
        double n = norm(v);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }
}
