package dev.descent.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels}' dot products and updates eight rows at a time with the Vector API (256 or 512
 * bits): the rows share each load of {@code w} and each load and store of {@code g}, and eight
 * independent accumulators hide the latency of the fused multiply-adds; the logistic terms of eight
 * rows; and the register-tiled matrix product. Loaded only where {@code jdk.incubator.vector} is present; the order of
 * operations, and so every bit, is that of the scalar loops in {@link Kernels} and
 * {@link LinearAlgebra}.
 */
final class VectorKernels {
    /**
     * The one vector shape used, the hardware's preferred: mixing two shapes in one JVM splits the
     * type profiles of the Vector API's shared code and the JIT stops intrinsifying it (a 2-4x loss,
     * measured). Every kernel here gives the same bits at any width.
     */
    private static final VectorSpecies<Double> P = DoubleVector.SPECIES_PREFERRED;
    private static final int L = P.length();
    /** Depth of one pass: a (KC x 3L) strip of B, 24 KiB at 512 bits, stays in the L1 cache. */
    private static final int KC = 128;

    private VectorKernels() {}

    /** Four (256-bit) or eight (512-bit) lanes: the widths whose lanes map onto the eight of {@link Kernels}. */
    static boolean usable() {
        return L == 4 || L == 8;
    }

    /** 512-bit vectors: {@link #dot8} and {@link #logistic8} run; at 256 bits, {@link #dot4} twice. */
    static final boolean EIGHT_ROWS = L == 8;

    /**
     * {@code z[k] = x[o_k, o_k + d) . w} for the eight row offsets {@code o[0..7]}, one load of
     * {@code w} per step for all eight; 512-bit only (one 8-lane accumulator per row: lane l of
     * {@link Kernels}' order). {@code scratch} has room for 72: the lanes and tails pass through it,
     * since no vector may cross a method boundary (an out-of-line call would box it).
     */
    static void dot8(double[] x, int[] o, double[] w, int d, double[] scratch, double[] z) {
        int o0 = o[0];
        int o1 = o[1];
        int o2 = o[2];
        int o3 = o[3];
        int o4 = o[4];
        int o5 = o[5];
        int o6 = o[6];
        int o7 = o[7];
        DoubleVector a0 = DoubleVector.zero(P);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector a4 = a0;
        DoubleVector a5 = a0;
        DoubleVector a6 = a0;
        DoubleVector a7 = a0;
        int j = 0;
        int full = d & ~7;
        for (; j < full; j += 8) {
            DoubleVector wj = DoubleVector.fromArray(P, w, j);
            a0 = DoubleVector.fromArray(P, x, o0 + j).fma(wj, a0);
            a1 = DoubleVector.fromArray(P, x, o1 + j).fma(wj, a1);
            a2 = DoubleVector.fromArray(P, x, o2 + j).fma(wj, a2);
            a3 = DoubleVector.fromArray(P, x, o3 + j).fma(wj, a3);
            a4 = DoubleVector.fromArray(P, x, o4 + j).fma(wj, a4);
            a5 = DoubleVector.fromArray(P, x, o5 + j).fma(wj, a5);
            a6 = DoubleVector.fromArray(P, x, o6 + j).fma(wj, a6);
            a7 = DoubleVector.fromArray(P, x, o7 + j).fma(wj, a7);
        }
        a0.intoArray(scratch, 0);
        a1.intoArray(scratch, 8);
        a2.intoArray(scratch, 16);
        a3.intoArray(scratch, 24);
        a4.intoArray(scratch, 32);
        a5.intoArray(scratch, 40);
        a6.intoArray(scratch, 48);
        a7.intoArray(scratch, 56);
        tails4(x, o0, o1, o2, o3, w, j, d, scratch, 64);
        tails4(x, o4, o5, o6, o7, w, j, d, scratch, 68);
        for (int r = 0; r < 8; r++) {
            int l = 8 * r;
            z[r] = (((scratch[l] + scratch[l + 4]) + (scratch[l + 1] + scratch[l + 5])) + ((scratch[l + 2] + scratch[l + 6])
                    + (scratch[l + 3] + scratch[l + 7]))) + scratch[64 + r];
        }
    }

    /**
     * {@code g[0, d) += r[0] x[o[0]..] ; g += r[1] x[o[1]..] ; ...} for eight rows: per element, eight
     * fused multiply-adds in row order (the bits of eight {@link Kernels#axpy} calls), one load and
     * store of {@code g} per vector; the elements past the last whole vector in scalar form (a
     * second, narrower vector shape would split the JIT's type profiles). Any width.
     */
    static void axpy8(double[] r, double[] x, int[] o, double[] g, int d) {
        int o0 = o[0];
        int o1 = o[1];
        int o2 = o[2];
        int o3 = o[3];
        int o4 = o[4];
        int o5 = o[5];
        int o6 = o[6];
        int o7 = o[7];
        DoubleVector v0 = DoubleVector.broadcast(P, r[0]);
        DoubleVector v1 = DoubleVector.broadcast(P, r[1]);
        DoubleVector v2 = DoubleVector.broadcast(P, r[2]);
        DoubleVector v3 = DoubleVector.broadcast(P, r[3]);
        DoubleVector v4 = DoubleVector.broadcast(P, r[4]);
        DoubleVector v5 = DoubleVector.broadcast(P, r[5]);
        DoubleVector v6 = DoubleVector.broadcast(P, r[6]);
        DoubleVector v7 = DoubleVector.broadcast(P, r[7]);
        int k = 0;
        int full = d - d % L;
        for (; k < full; k += L) {
            DoubleVector acc = DoubleVector.fromArray(P, g, k);
            acc = DoubleVector.fromArray(P, x, o0 + k).fma(v0, acc);
            acc = DoubleVector.fromArray(P, x, o1 + k).fma(v1, acc);
            acc = DoubleVector.fromArray(P, x, o2 + k).fma(v2, acc);
            acc = DoubleVector.fromArray(P, x, o3 + k).fma(v3, acc);
            acc = DoubleVector.fromArray(P, x, o4 + k).fma(v4, acc);
            acc = DoubleVector.fromArray(P, x, o5 + k).fma(v5, acc);
            acc = DoubleVector.fromArray(P, x, o6 + k).fma(v6, acc);
            acc = DoubleVector.fromArray(P, x, o7 + k).fma(v7, acc);
            acc.intoArray(g, k);
        }
        for (; k < d; k++) {
            double acc = g[k];
            for (int q = 0; q < 8; q++) {
                acc = Math.fma(r[q], x[o[q] + k], acc);
            }
            g[k] = acc;
        }
    }

    /**
     * The logistic loss of eight rows at once, 512-bit only: for linear predictors {@code z[0..7]}
     * and targets {@code t[0..7]}, {@code e = exp(-|z|)} ({@link Kernels#expNonPositive}, lane by
     * lane), {@code residual = (z >= 0 ? 1 : e) / (1 + e) - t}, and the loss without its
     * {@code log(1 + e)}, {@code max(z, 0) - t z}, into {@code parts}: the operations of
     * {@link GeneralizedLinear}'s scalar term, so the same bits.
     */
    static void logistic8(double[] z, double[] t, double[] residual, double[] exps, double[] parts) {
        DoubleVector zv = DoubleVector.fromArray(P, z, 0);
        DoubleVector tv = DoubleVector.fromArray(P, t, 0);
        DoubleVector a = zv.abs().neg().max(Kernels.EXP_FLOOR);
        DoubleVector shifted = a.fma(Kernels.LOG2E, Kernels.EXP_SHIFT);
        DoubleVector k = shifted.sub(Kernels.EXP_SHIFT).neg();
        DoubleVector r = k.fma(DoubleVector.broadcast(P, Kernels.LN2_HI), a);
        r = k.fma(DoubleVector.broadcast(P, Kernels.LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(P, Kernels.EXP_TAYLOR[13]);
        for (int i = 12; i >= 0; i--) {
            p = p.fma(r, DoubleVector.broadcast(P, Kernels.EXP_TAYLOR[i]));
        }
        DoubleVector scale = shifted.reinterpretAsLongs().add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector e = p.mul(scale);
        VectorMask<Double> nonNegative = zv.compare(VectorOperators.GE, 0);
        DoubleVector numerator = e.blend(1.0, nonNegative);
        numerator.div(e.add(1.0)).sub(tv).intoArray(residual, 0);
        e.intoArray(exps, 0);
        zv.max(0).sub(tv.mul(zv)).intoArray(parts, 0);
    }

    /**
     * {@code z[at + k] = x[o_k, o_k + d) . w} for the four row offsets {@code o[at..at+3]}; 256-bit
     * only (two 4-lane accumulators per row hold lanes l0..l3 and l4..l7 of {@link Kernels}' order;
     * eight rows would need more than AVX2's 16 registers). {@code scratch} has room for 36.
     */
    static void dot4(double[] x, int[] o, int at, double[] w, int d, double[] scratch, double[] z) {
        int o0 = o[at];
        int o1 = o[at + 1];
        int o2 = o[at + 2];
        int o3 = o[at + 3];
        DoubleVector a0 = DoubleVector.zero(P);
        DoubleVector a1 = a0;
        DoubleVector b0 = a0;
        DoubleVector b1 = a0;
        DoubleVector c0 = a0;
        DoubleVector c1 = a0;
        DoubleVector e0 = a0;
        DoubleVector e1 = a0;
        int j = 0;
        for (; j + 7 < d; j += 8) {
            DoubleVector w0 = DoubleVector.fromArray(P, w, j);
            DoubleVector w1 = DoubleVector.fromArray(P, w, j + 4);
            a0 = DoubleVector.fromArray(P, x, o0 + j).fma(w0, a0);
            a1 = DoubleVector.fromArray(P, x, o0 + j + 4).fma(w1, a1);
            b0 = DoubleVector.fromArray(P, x, o1 + j).fma(w0, b0);
            b1 = DoubleVector.fromArray(P, x, o1 + j + 4).fma(w1, b1);
            c0 = DoubleVector.fromArray(P, x, o2 + j).fma(w0, c0);
            c1 = DoubleVector.fromArray(P, x, o2 + j + 4).fma(w1, c1);
            e0 = DoubleVector.fromArray(P, x, o3 + j).fma(w0, e0);
            e1 = DoubleVector.fromArray(P, x, o3 + j + 4).fma(w1, e1);
        }
        a0.add(a1).intoArray(scratch, 0);
        b0.add(b1).intoArray(scratch, 4);
        c0.add(c1).intoArray(scratch, 8);
        e0.add(e1).intoArray(scratch, 12);
        tails4(x, o0, o1, o2, o3, w, j, d, scratch, 32);
        for (int r = 0; r < 4; r++) {
            int l = 4 * r;
            z[at + r] = ((scratch[l] + scratch[l + 1]) + (scratch[l + 2] + scratch[l + 3])) + scratch[32 + r];
        }
    }

    /** {@link Kernels#tail} of four rows in one loop (four independent sums, each in order of j) into {@code out[at..at+3]}. */
    private static void tails4(double[] x, int o0, int o1, int o2, int o3, double[] w, int from, int d, double[] out,
                               int at) {
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        for (int j = from; j < d; j++) {
            double wj = w[j];
            t0 = Math.fma(x[o0 + j], wj, t0);
            t1 = Math.fma(x[o1 + j], wj, t1);
            t2 = Math.fma(x[o2 + j], wj, t2);
            t3 = Math.fma(x[o3 + j], wj, t3);
        }
        out[at] = t0;
        out[at + 1] = t1;
        out[at + 2] = t2;
        out[at + 3] = t3;
    }

    /**
     * {@code out[i][j] = fma(A(i,p), B[p][j], out[i][j])} for {@code p = 0..k-1} in order, for output
     * rows {@code [from, to)}: {@code A(i,p) = a[i * rowStride + p * colStride]} (so {@code A} or a
     * transpose), {@code B} row-major {@code k x n}, {@code out} row-major {@code m x n}. Tiles of four
     * rows by three vectors keep twelve accumulators in registers (enough independent sums to cover
     * the latency of two multiply-add units) for a depth of {@link #KC}; narrower tiles take the
     * remaining columns.
     */
    static void multiplyRows(double[] a, int rowStride, int colStride, double[] b, double[] out, int from, int to,
                             int k, int n) {
        int triple = n - n % (3 * L);
        int wide = triple + (n - triple) / (2 * L) * (2 * L);
        int single = n - n % L;
        for (int depth = 0; depth < k; depth += KC) {
            int end = Math.min(k, depth + KC);
            for (int j = 0; j < triple; j += 3 * L) {
                int i = from;
                for (; i + 3 < to; i += 4) {
                    tile4x3(a, rowStride, colStride, b, out, i, j, depth, end, n);
                }
                for (; i < to; i++) {
                    tile1(a, rowStride, colStride, b, out, i, j, depth, end, n);
                    tile1(a, rowStride, colStride, b, out, i, j + L, depth, end, n);
                    tile1(a, rowStride, colStride, b, out, i, j + 2 * L, depth, end, n);
                }
            }
            for (int j = triple; j < wide; j += 2 * L) {
                int i = from;
                for (; i + 3 < to; i += 4) {
                    tile4x2(a, rowStride, colStride, b, out, i, j, depth, end, n);
                }
                for (; i < to; i++) {
                    tile1(a, rowStride, colStride, b, out, i, j, depth, end, n);
                    tile1(a, rowStride, colStride, b, out, i, j + L, depth, end, n);
                }
            }
            for (int j = wide; j < single; j += L) {
                for (int i = from; i < to; i++) {
                    tile1(a, rowStride, colStride, b, out, i, j, depth, end, n);
                }
            }
            if (single < n) {
                for (int i = from; i < to; i++) {
                    int rowOut = i * n;
                    for (int p = depth; p < end; p++) {
                        double aip = a[i * rowStride + p * colStride];
                        int rowB = p * n;
                        for (int j = single; j < n; j++) {
                            out[rowOut + j] = Math.fma(aip, b[rowB + j], out[rowOut + j]);
                        }
                    }
                }
            }
        }
    }

    private static void tile4x3(double[] a, int rs, int cs, double[] b, double[] out, int i, int j, int from, int to,
                                int n) {
        int o0 = i * n + j;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        DoubleVector c00 = DoubleVector.fromArray(P, out, o0);
        DoubleVector c01 = DoubleVector.fromArray(P, out, o0 + L);
        DoubleVector c02 = DoubleVector.fromArray(P, out, o0 + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(P, out, o1);
        DoubleVector c11 = DoubleVector.fromArray(P, out, o1 + L);
        DoubleVector c12 = DoubleVector.fromArray(P, out, o1 + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(P, out, o2);
        DoubleVector c21 = DoubleVector.fromArray(P, out, o2 + L);
        DoubleVector c22 = DoubleVector.fromArray(P, out, o2 + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(P, out, o3);
        DoubleVector c31 = DoubleVector.fromArray(P, out, o3 + L);
        DoubleVector c32 = DoubleVector.fromArray(P, out, o3 + 2 * L);
        int a0 = i * rs;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        for (int p = from; p < to; p++) {
            int rowB = p * n + j;
            DoubleVector b0 = DoubleVector.fromArray(P, b, rowB);
            DoubleVector b1 = DoubleVector.fromArray(P, b, rowB + L);
            DoubleVector b2 = DoubleVector.fromArray(P, b, rowB + 2 * L);
            int q = p * cs;
            DoubleVector x = DoubleVector.broadcast(P, a[a0 + q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = DoubleVector.broadcast(P, a[a1 + q]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = DoubleVector.broadcast(P, a[a2 + q]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = DoubleVector.broadcast(P, a[a3 + q]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c02.intoArray(out, o0 + 2 * L);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c12.intoArray(out, o1 + 2 * L);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c22.intoArray(out, o2 + 2 * L);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
        c32.intoArray(out, o3 + 2 * L);
    }

    private static void tile4x2(double[] a, int rs, int cs, double[] b, double[] out, int i, int j, int from, int to,
                                int n) {
        int o0 = i * n + j;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        DoubleVector c00 = DoubleVector.fromArray(P, out, o0);
        DoubleVector c01 = DoubleVector.fromArray(P, out, o0 + L);
        DoubleVector c10 = DoubleVector.fromArray(P, out, o1);
        DoubleVector c11 = DoubleVector.fromArray(P, out, o1 + L);
        DoubleVector c20 = DoubleVector.fromArray(P, out, o2);
        DoubleVector c21 = DoubleVector.fromArray(P, out, o2 + L);
        DoubleVector c30 = DoubleVector.fromArray(P, out, o3);
        DoubleVector c31 = DoubleVector.fromArray(P, out, o3 + L);
        int a0 = i * rs;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        for (int p = from; p < to; p++) {
            int rowB = p * n + j;
            DoubleVector b0 = DoubleVector.fromArray(P, b, rowB);
            DoubleVector b1 = DoubleVector.fromArray(P, b, rowB + L);
            int q = p * cs;
            DoubleVector x = DoubleVector.broadcast(P, a[a0 + q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(P, a[a1 + q]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(P, a[a2 + q]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(P, a[a3 + q]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
    }

    private static void tile1(double[] a, int rs, int cs, double[] b, double[] out, int i, int j, int from, int to,
                              int n) {
        int o = i * n + j;
        DoubleVector c = DoubleVector.fromArray(P, out, o);
        int rowA = i * rs;
        for (int p = from; p < to; p++) {
            c = DoubleVector.fromArray(P, b, p * n + j).fma(DoubleVector.broadcast(P, a[rowA + p * cs]), c);
        }
        c.intoArray(out, o);
    }
}
