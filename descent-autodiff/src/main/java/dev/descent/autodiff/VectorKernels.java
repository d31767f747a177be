package dev.descent.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels}' dot products and updates four rows at a time with 256-bit vectors: the rows share
 * each load of {@code w} and each load and store of {@code g}, and eight independent accumulators
 * hide the latency of the fused multiply-adds. Loaded only where {@code jdk.incubator.vector} is
 * present; the order of operations, and so every bit, is that of {@link Kernels}' scalar loops.
 */
final class VectorKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    private VectorKernels() {}

    static boolean usable() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256 && S.length() == 4;
    }

    /** {@code out[k] = x[o_k, o_k + d) . w} for the four row offsets {@code o0..o3}. */
    static void dot4(double[] x, int o0, int o1, int o2, int o3, double[] w, int d, double[] out) {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = DoubleVector.zero(S);
        DoubleVector b0 = DoubleVector.zero(S);
        DoubleVector b1 = DoubleVector.zero(S);
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = DoubleVector.zero(S);
        DoubleVector e0 = DoubleVector.zero(S);
        DoubleVector e1 = DoubleVector.zero(S);
        int j = 0;
        for (; j + 7 < d; j += 8) {
            DoubleVector w0 = DoubleVector.fromArray(S, w, j);
            DoubleVector w1 = DoubleVector.fromArray(S, w, j + 4);
            a0 = DoubleVector.fromArray(S, x, o0 + j).fma(w0, a0);
            a1 = DoubleVector.fromArray(S, x, o0 + j + 4).fma(w1, a1);
            b0 = DoubleVector.fromArray(S, x, o1 + j).fma(w0, b0);
            b1 = DoubleVector.fromArray(S, x, o1 + j + 4).fma(w1, b1);
            c0 = DoubleVector.fromArray(S, x, o2 + j).fma(w0, c0);
            c1 = DoubleVector.fromArray(S, x, o2 + j + 4).fma(w1, c1);
            e0 = DoubleVector.fromArray(S, x, o3 + j).fma(w0, e0);
            e1 = DoubleVector.fromArray(S, x, o3 + j + 4).fma(w1, e1);
        }
        out[0] = combine(a0.add(a1), x, o0, w, j, d);
        out[1] = combine(b0.add(b1), x, o1, w, j, d);
        out[2] = combine(c0.add(c1), x, o2, w, j, d);
        out[3] = combine(e0.add(e1), x, o3, w, j, d);
    }

    /** {@code (m0 + m1) + (m2 + m3)} of the paired lanes, plus the scalar tail {@code [j, d)}. */
    private static double combine(DoubleVector pairs, double[] x, int offset, double[] w, int j, int d) {
        return ((pairs.lane(0) + pairs.lane(1)) + (pairs.lane(2) + pairs.lane(3))) + Kernels.tail(x, offset, w, j, d);
    }

    /** {@code g[0, d) += r0 x[o0..] ; g += r1 x[o1..] ; ...}: per element, four fused multiply-adds in row order. */
    static void axpy4(double r0, double r1, double r2, double r3, double[] x, int o0, int o1, int o2, int o3, double[] g,
                      int d) {
        DoubleVector v0 = DoubleVector.broadcast(S, r0);
        DoubleVector v1 = DoubleVector.broadcast(S, r1);
        DoubleVector v2 = DoubleVector.broadcast(S, r2);
        DoubleVector v3 = DoubleVector.broadcast(S, r3);
        int k = 0;
        for (; k + 3 < d; k += 4) {
            DoubleVector acc = DoubleVector.fromArray(S, g, k);
            acc = DoubleVector.fromArray(S, x, o0 + k).fma(v0, acc);
            acc = DoubleVector.fromArray(S, x, o1 + k).fma(v1, acc);
            acc = DoubleVector.fromArray(S, x, o2 + k).fma(v2, acc);
            acc = DoubleVector.fromArray(S, x, o3 + k).fma(v3, acc);
            acc.intoArray(g, k);
        }
        for (; k < d; k++) {
            double acc = g[k];
            acc = Math.fma(r0, x[o0 + k], acc);
            acc = Math.fma(r1, x[o1 + k], acc);
            acc = Math.fma(r2, x[o2 + k], acc);
            g[k] = Math.fma(r3, x[o3 + k], acc);
        }
    }
}
