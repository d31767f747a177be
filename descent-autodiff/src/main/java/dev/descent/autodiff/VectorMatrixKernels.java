package dev.descent.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled matrix product under every dense layer, with the Vector API (256 or 512
 * bits): the same order of fused multiply-adds, so the same bits, as the scalar loop in
 * {@link MatrixProduct}, whatever the width. Loaded only where {@code jdk.incubator.vector} is
 * present ({@link Simd}). The row kernels of the fused linear-model losses live beside the models
 * in descent-ml.
 */
final class VectorMatrixKernels {
    /**
     * The one vector shape used, the hardware's preferred: mixing two shapes in one JVM splits the
     * type profiles of the Vector API's shared code and the JIT stops intrinsifying it (a 2-4x loss,
     * measured).
     */
    private static final VectorSpecies<Double> P = DoubleVector.SPECIES_PREFERRED;
    private static final int L = P.length();
    /** Depth of one pass: a (KC x 3L) strip of B, 24 KiB at 512 bits, stays in the L1 cache. */
    private static final int KC = 128;

    private VectorMatrixKernels() {}

    /** Four (256-bit) or eight (512-bit) lanes: the widths descent's kernels are written for. */
    static boolean usable() {
        return L == 4 || L == 8;
    }

    /**
     * {@code out[i][j] = fma(A(i,p), B[p][j], out[i][j])} for {@code p = 0..k-1} in order, for output
     * rows {@code [from, to)} and columns {@code [colFrom, colTo)}: {@code A(i,p) = a[i * rowStride + p * colStride]} (so {@code A} or a
     * transpose), {@code B} row-major {@code k x n}, {@code out} row-major {@code m x n}. Tiles of four
     * rows by three vectors keep twelve accumulators in registers (enough independent sums to cover
     * the latency of two multiply-add units) for a depth of {@link #KC}; narrower tiles take the
     * remaining columns. Each strip of B a tile reads is first copied into a contiguous panel: read in
     * place, its rows lie a power-of-two stride apart for the usual widths and fall into a few sets of
     * the L1 cache, which evict each other before the next tile reuses them.
     */
    static void multiplyRows(double[] a, int aOffset, int rowStride, int colStride, double[] b, int bOffset,
                             double[] out, int outOffset, int from, int to, int colFrom, int colTo, int k, int n) {
        int width = colTo - colFrom;
        int triple = colFrom + width - width % (3 * L);
        int wide = triple + (colTo - triple) / (2 * L) * (2 * L);
        int single = colTo - (colTo - colFrom) % L;
        double[] panel = PANEL.get();
        for (int depth = 0; depth < k; depth += KC) {
            int end = Math.min(k, depth + KC);
            for (int j = colFrom; j < triple; j += 3 * L) {
                pack(b, bOffset, n, j, 3 * L, depth, end, panel);
                int i = from;
                for (; i + 3 < to; i += 4) {
                    tile4x3(a, aOffset, rowStride, colStride, panel, out, outOffset, i, j, depth, end, n);
                }
                for (; i < to; i++) {
                    tile1(a, aOffset, rowStride, colStride, panel, 3 * L, 0, out, outOffset, i, j, depth, end, n);
                    tile1(a, aOffset, rowStride, colStride, panel, 3 * L, L, out, outOffset, i, j + L, depth, end, n);
                    tile1(a, aOffset, rowStride, colStride, panel, 3 * L, 2 * L, out, outOffset, i, j + 2 * L, depth, end, n);
                }
            }
            for (int j = triple; j < wide; j += 2 * L) {
                pack(b, bOffset, n, j, 2 * L, depth, end, panel);
                int i = from;
                for (; i + 3 < to; i += 4) {
                    tile4x2(a, aOffset, rowStride, colStride, panel, out, outOffset, i, j, depth, end, n);
                }
                for (; i < to; i++) {
                    tile1(a, aOffset, rowStride, colStride, panel, 2 * L, 0, out, outOffset, i, j, depth, end, n);
                    tile1(a, aOffset, rowStride, colStride, panel, 2 * L, L, out, outOffset, i, j + L, depth, end, n);
                }
            }
            for (int j = wide; j < single; j += L) {
                pack(b, bOffset, n, j, L, depth, end, panel);
                int i = from;
                for (; i + 3 < to; i += 4) {
                    tile4x1(a, aOffset, rowStride, colStride, panel, out, outOffset, i, j, depth, end, n);
                }
                for (; i < to; i++) {
                    tile1(a, aOffset, rowStride, colStride, panel, L, 0, out, outOffset, i, j, depth, end, n);
                }
            }
            if (single < colTo) {
                tail(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, from, to, single, colTo, depth, end, n);
            }
        }
    }

    /**
     * The columns left over after the vectors (fewer than a vector's lanes: a 10-class output layer
     * leaves 2), in scalar multiply-adds four rows at a time: four independent sums per column cover
     * the multiply-add latency that one sum per row waits on.
     */
    private static void tail(double[] a, int aOffset, int rowStride, int colStride, double[] b, int bOffset, double[] out,
                             int outOffset, int from, int to, int colFrom, int colTo, int depth, int end, int n) {
        int i = from;
        for (; i + 3 < to; i += 4) {
            int a0 = aOffset + i * rowStride;
            for (int j = colFrom; j < colTo; j++) {
                int o = outOffset + i * n + j;
                double s0 = out[o];
                double s1 = out[o + n];
                double s2 = out[o + 2 * n];
                double s3 = out[o + 3 * n];
                for (int p = depth; p < end; p++) {
                    double bpj = b[bOffset + p * n + j];
                    int q = a0 + p * colStride;
                    s0 = Math.fma(a[q], bpj, s0);
                    s1 = Math.fma(a[q + rowStride], bpj, s1);
                    s2 = Math.fma(a[q + 2 * rowStride], bpj, s2);
                    s3 = Math.fma(a[q + 3 * rowStride], bpj, s3);
                }
                out[o] = s0;
                out[o + n] = s1;
                out[o + 2 * n] = s2;
                out[o + 3 * n] = s3;
            }
        }
        for (; i < to; i++) {
            int rowA = aOffset + i * rowStride;
            for (int j = colFrom; j < colTo; j++) {
                int o = outOffset + i * n + j;
                double sum = out[o];
                for (int p = depth; p < end; p++) {
                    sum = Math.fma(a[rowA + p * colStride], b[bOffset + p * n + j], sum);
                }
                out[o] = sum;
            }
        }
    }

    /** Columns of the widest tile, three vectors: where a split between columns cuts. */
    static int tileWidth() {
        return 3 * L;
    }

    /**
     * One panel per thread, reused: a strip of {@link #KC} rows of B, three vectors wide. The
     * {@code Team}'s threads last, so their thread-locals do.
     */
    private static final ThreadLocal<double[]> PANEL = ThreadLocal.withInitial(() -> new double[KC * 3 * L]);

    /** Copies {@code B[from..to)[j..j+width)} into {@code panel}, row after row. */
    private static void pack(double[] b, int bOffset, int n, int j, int width, int from, int to, double[] panel) {
        for (int p = from, q = 0; p < to; p++, q += width) {
            System.arraycopy(b, bOffset + p * n + j, panel, q, width);
        }
    }

    private static void tile4x3(double[] a, int aOffset, int rs, int cs, double[] panel, double[] out, int outOffset,
                                int i, int j, int from, int to, int n) {
        int o0 = outOffset + i * n + j;
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
        int a0 = aOffset + i * rs;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        for (int p = from, rowB = 0; p < to; p++, rowB += 3 * L) {
            DoubleVector b0 = DoubleVector.fromArray(P, panel, rowB);
            DoubleVector b1 = DoubleVector.fromArray(P, panel, rowB + L);
            DoubleVector b2 = DoubleVector.fromArray(P, panel, rowB + 2 * L);
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

    private static void tile4x2(double[] a, int aOffset, int rs, int cs, double[] panel, double[] out, int outOffset,
                                int i, int j, int from, int to, int n) {
        int o0 = outOffset + i * n + j;
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
        int a0 = aOffset + i * rs;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        for (int p = from, rowB = 0; p < to; p++, rowB += 2 * L) {
            DoubleVector b0 = DoubleVector.fromArray(P, panel, rowB);
            DoubleVector b1 = DoubleVector.fromArray(P, panel, rowB + L);
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

    /**
     * Four rows of one vector: the last columns of a width that is not a multiple of two vectors (256
     * = 21 x 12 + 4 at four lanes). Four independent sums instead of {@link #tile1}'s one, which waits
     * for each multiply-add to finish before the next.
     */
    private static void tile4x1(double[] a, int aOffset, int rs, int cs, double[] panel, double[] out, int outOffset,
                                int i, int j, int from, int to, int n) {
        int o0 = outOffset + i * n + j;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        DoubleVector c0 = DoubleVector.fromArray(P, out, o0);
        DoubleVector c1 = DoubleVector.fromArray(P, out, o1);
        DoubleVector c2 = DoubleVector.fromArray(P, out, o2);
        DoubleVector c3 = DoubleVector.fromArray(P, out, o3);
        int a0 = aOffset + i * rs;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        for (int p = from, rowB = 0; p < to; p++, rowB += L) {
            DoubleVector b0 = DoubleVector.fromArray(P, panel, rowB);
            int q = p * cs;
            c0 = b0.fma(DoubleVector.broadcast(P, a[a0 + q]), c0);
            c1 = b0.fma(DoubleVector.broadcast(P, a[a1 + q]), c1);
            c2 = b0.fma(DoubleVector.broadcast(P, a[a2 + q]), c2);
            c3 = b0.fma(DoubleVector.broadcast(P, a[a3 + q]), c3);
        }
        c0.intoArray(out, o0);
        c1.intoArray(out, o1);
        c2.intoArray(out, o2);
        c3.intoArray(out, o3);
    }

    /** One row of one vector, at {@code offset} within panel rows of {@code width}. */
    private static void tile1(double[] a, int aOffset, int rs, int cs, double[] panel, int width, int offset,
                              double[] out, int outOffset, int i, int j, int from, int to, int n) {
        int o = outOffset + i * n + j;
        DoubleVector c = DoubleVector.fromArray(P, out, o);
        int rowA = aOffset + i * rs;
        for (int p = from, rowB = offset; p < to; p++, rowB += width) {
            c = DoubleVector.fromArray(P, panel, rowB).fma(DoubleVector.broadcast(P, a[rowA + p * cs]), c);
        }
        c.intoArray(out, o);
    }

    /**
     * {@link Relu#backward}'s whole vectors: {@code g = 0 + blend(0, g, z > 0)}, lane by lane.
     *
     * @return the first index left to the caller's scalar loop
     */
    static int reluBackward(double[] g, double[] z, int length) {
        DoubleVector zero = DoubleVector.zero(P);
        int upper = P.loopBound(length);
        for (int i = 0; i < upper; i += L) {
            VectorMask<Double> positive = DoubleVector.fromArray(P, z, i).compare(VectorOperators.GT, 0.0);
            zero.blend(DoubleVector.fromArray(P, g, i), positive).add(zero).intoArray(g, i);
        }
        return upper;
    }
}
