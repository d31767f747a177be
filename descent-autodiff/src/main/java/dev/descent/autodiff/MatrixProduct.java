package dev.descent.autodiff;

import dev.descent.parallel.Team;
import java.util.Arrays;

/**
 * The dense matrix product under every layer, on flat arrays with offsets, so a layer's weights
 * and gradient can be read and written where they lie inside a model's parameter vector:
 *
 * <pre>
 * out[i][j] = fma(A(i,p), B[p][j], out[i][j])   for p = 0, 1, ..., k-1 in order
 * A(i,p) = a[aOffset + i * rowStride + p * colStride]     (A, or a transpose, read in place)
 * B[p][j] = b[bOffset + p * n + j]                        (row-major k x n)
 * out[i][j] = out[outOffset + i * n + j]                  (row-major m x n)
 * </pre>
 *
 * <p>Each output element is one sum in order of {@code p} with one fused multiply-add per term, so
 * the bits do not depend on the blocking, the vector width or the number of threads: register-tiled
 * Vector API kernels ({@code VectorMatrixKernels}, and {@code VectorFloatKernels} for the float32
 * overload) where {@link Simd#enabled()}, blocked scalar loops otherwise. A large product is split
 * over the {@link Team}'s threads, between columns when it is wider than tall and between rows
 * otherwise. The tape's {@code matmul} and its backward rule use the same kernel, and so do the
 * MLP's fused passes.
 */
public final class MatrixProduct {
    /** Rows of B kept hot per block in the scalar loops: 128 rows of a few hundred columns stay in L2. */
    private static final int PANEL = 128;
    /**
     * Products below this many multiply-adds run on the calling thread alone, where handing a part to
     * a helper would cost more than the part: an MLP's output layer (128 x 256 x 10) still splits,
     * since a helper of the {@link dev.descent.parallel.Team} spins, ready, between the phases.
     */
    private static final long PARALLEL_WORK = 1L << 18;

    private MatrixProduct() {}

    /**
     * {@code out += A B} as above, for {@code A} of {@code m x k} and {@code B} of {@code k x n}.
     *
     * @param out modified: the m x n block at {@code outOffset}
     */
    public static void multiplyAdd(double[] a, int aOffset, int rowStride, int colStride, double[] b, int bOffset,
                                   double[] out, int outOffset, int m, int k, int n) {
        product(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, m, k, n, false);
    }

    /**
     * {@code out = A B}: the bits of {@link #multiplyAdd} into a block of +0, with no separate pass
     * to clear it (each thread clears its own part of the block just before it multiplies into it).
     *
     * @param out overwritten: the m x n block at {@code outOffset}
     */
    public static void multiply(double[] a, int aOffset, int rowStride, int colStride, double[] b, int bOffset,
                                double[] out, int outOffset, int m, int k, int n) {
        product(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, m, k, n, true);
    }

    /**
     * The same product in float32: each term one float fused multiply-add, in order of {@code p}, so
     * its bits too are independent of the blocking, the vector width and the threads.
     *
     * @param out modified: the m x n block at {@code outOffset}
     */
    public static void multiplyAdd(float[] a, int aOffset, int rowStride, int colStride, float[] b, int bOffset,
                                   float[] out, int outOffset, int m, int k, int n) {
        product(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, m, k, n, false);
    }

    /**
     * {@code out = A B} in float32, as {@link #multiply(double[], int, int, int, double[], int, double[], int, int, int, int)}.
     *
     * @param out overwritten: the m x n block at {@code outOffset}
     */
    public static void multiply(float[] a, int aOffset, int rowStride, int colStride, float[] b, int bOffset,
                                float[] out, int outOffset, int m, int k, int n) {
        product(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, m, k, n, true);
    }

    private static void product(double[] a, int aOffset, int rowStride, int colStride, double[] b, int bOffset,
                                double[] out, int outOffset, int m, int k, int n, boolean overwrite) {
        if (serial(m, k, n, DOUBLE_STEP)) {
            multiplyBlock(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, 0, m, 0, n, k, n, overwrite);
        } else {
            split((fromRow, toRow, fromCol, toCol) -> multiplyBlock(a, aOffset, rowStride, colStride, b, bOffset, out,
                    outOffset, fromRow, toRow, fromCol, toCol, k, n, overwrite), m, k, n, DOUBLE_STEP);
        }
    }

    private static void product(float[] a, int aOffset, int rowStride, int colStride, float[] b, int bOffset,
                                float[] out, int outOffset, int m, int k, int n, boolean overwrite) {
        if (serial(m, k, n, FLOAT_STEP)) {
            multiplyBlock(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, 0, m, 0, n, k, n, overwrite);
        } else {
            split((fromRow, toRow, fromCol, toCol) -> multiplyBlock(a, aOffset, rowStride, colStride, b, bOffset, out,
                    outOffset, fromRow, toRow, fromCol, toCol, k, n, overwrite), m, k, n, FLOAT_STEP);
        }
    }

    /** The kernel on one block of the output. */
    @FunctionalInterface
    private interface Block {
        void run(int fromRow, int toRow, int fromCol, int toCol);
    }

    /** Whether a product is too small to split: it runs on the calling thread, allocating nothing. */
    private static boolean serial(int m, int k, int n, int step) {
        return (long) m * k * n < PARALLEL_WORK || (m < 8 && n < 2 * step);
    }

    /**
     * Parts per thread: the threads claim parts as they finish, so the last part to end (a helper
     * that started late, a thread slowed by other work) is a small one. In a W4 epoch the caller
     * waited for the helper 9-13% of its time in splits with one part per thread, 7-12% with two and
     * 6-7% with four.
     */
    private static final int PARTS_PER_THREAD = 4;

    /**
     * Runs {@code block} over the whole m x n output, split over the {@link Team}: a block with fewer
     * rows than columns (a batch times a layer's weights) is cut between columns, so each part reads
     * its share of B and packs it once for all its rows; a taller one is cut between rows at
     * multiples of four, the tile.
     */
    private static void split(Block block, int m, int k, int n, int step) {
        long work = (long) m * k * n;
        int parts = (int) Math.min((long) PARTS_PER_THREAD * Team.threads(), Math.max(2, work / (PARALLEL_WORK / 2)));
        if (m < n && n >= 2 * step) {
            int count = Math.min(parts, n / step);
            Team.run(count, part -> block.run(0, m, cut(n, part, count, step), cut(n, part + 1, count, step)));
        } else {
            int count = Math.min(parts, Math.max(1, m / 4));
            Team.run(count, part -> block.run(cut(m, part, count, 4), cut(m, part + 1, count, 4), 0, n));
        }
    }

    /** The start of part {@code part} of {@code count} over {@code length}, at the multiple of {@code step} nearest the even share. */
    private static int cut(int length, int part, int count, int step) {
        if (part == count) {
            return length;
        }
        return (int) Math.round((double) length * part / count / step) * step;
    }

    /**
     * Cuts between column parts fall at multiples of the widest tile, three vectors, so that only the
     * last part has narrower tiles: 12 or 24 doubles, 24 or 48 floats (24 for either without SIMD).
     */
    private static final int DOUBLE_STEP = Simd.enabled() ? VectorMatrixKernels.tileWidth() : 24;
    private static final int FLOAT_STEP = Simd.enabled() ? VectorFloatKernels.tileWidth() : 24;

    /** Output rows [fromRow, toRow), columns [fromCol, toCol), cleared first when {@code overwrite}. */
    private static void multiplyBlock(double[] a, int aOffset, int rowStride, int colStride, double[] b, int bOffset,
                                      double[] out, int outOffset, int fromRow, int toRow, int fromCol, int toCol,
                                      int k, int n, boolean overwrite) {
        if (overwrite) {
            for (int i = fromRow; i < toRow; i++) {
                Arrays.fill(out, outOffset + i * n + fromCol, outOffset + i * n + toCol, 0);
            }
        }
        if (Simd.enabled()) {
            VectorMatrixKernels.multiplyRows(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, fromRow,
                    toRow, fromCol, toCol, k, n);
            return;
        }
        for (int panel = 0; panel < k; panel += PANEL) {
            int panelEnd = Math.min(k, panel + PANEL);
            for (int i = fromRow; i < toRow; i++) {
                int rowOut = outOffset + i * n;
                int rowA = aOffset + i * rowStride;
                for (int p = panel; p < panelEnd; p++) {
                    double aip = a[rowA + p * colStride];
                    int rowB = bOffset + p * n;
                    for (int j = fromCol; j < toCol; j++) {
                        out[rowOut + j] = Math.fma(aip, b[rowB + j], out[rowOut + j]);
                    }
                }
            }
        }
    }

    /** Output rows [fromRow, toRow), columns [fromCol, toCol), in float32, cleared first when {@code overwrite}. */
    private static void multiplyBlock(float[] a, int aOffset, int rowStride, int colStride, float[] b, int bOffset,
                                      float[] out, int outOffset, int fromRow, int toRow, int fromCol, int toCol,
                                      int k, int n, boolean overwrite) {
        if (overwrite) {
            for (int i = fromRow; i < toRow; i++) {
                Arrays.fill(out, outOffset + i * n + fromCol, outOffset + i * n + toCol, 0);
            }
        }
        if (Simd.enabled()) {
            VectorFloatKernels.multiplyRows(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, fromRow,
                    toRow, fromCol, toCol, k, n);
            return;
        }
        for (int panel = 0; panel < k; panel += PANEL) {
            int panelEnd = Math.min(k, panel + PANEL);
            for (int i = fromRow; i < toRow; i++) {
                int rowOut = outOffset + i * n;
                int rowA = aOffset + i * rowStride;
                for (int p = panel; p < panelEnd; p++) {
                    float aip = a[rowA + p * colStride];
                    int rowB = bOffset + p * n;
                    for (int j = fromCol; j < toCol; j++) {
                        out[rowOut + j] = Math.fma(aip, b[rowB + j], out[rowOut + j]);
                    }
                }
            }
        }
    }
}
