package dev.descent.autodiff;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

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
 * over the common fork-join pool, between columns when it is wider than tall and between rows
 * otherwise. The tape's {@code matmul} and its backward rule use the same kernel, and so do the
 * MLP's fused passes.
 */
public final class MatrixProduct {
    /** Rows of B kept hot per block in the scalar loops: 128 rows of a few hundred columns stay in L2. */
    private static final int PANEL = 128;
    /** Products below this many multiply-adds run on the calling thread alone. */
    private static final long PARALLEL_WORK = 1L << 21;

    private MatrixProduct() {}

    /**
     * {@code out += A B} as above, for {@code A} of {@code m x k} and {@code B} of {@code k x n}.
     *
     * @param out modified: the m x n block at {@code outOffset}
     */
    public static void multiplyAdd(double[] a, int aOffset, int rowStride, int colStride, double[] b, int bOffset,
                                   double[] out, int outOffset, int m, int k, int n) {
        if (serial(m, k, n)) {
            multiplyBlock(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, 0, m, 0, n, k, n);
        } else {
            split((fromRow, toRow, fromCol, toCol) -> multiplyBlock(a, aOffset, rowStride, colStride, b, bOffset, out,
                    outOffset, fromRow, toRow, fromCol, toCol, k, n), m, k, n);
        }
    }

    /**
     * The same product in float32: each term one float fused multiply-add, in order of {@code p}, so
     * its bits too are independent of the blocking, the vector width and the threads.
     *
     * @param out modified: the m x n block at {@code outOffset}
     */
    public static void multiplyAdd(float[] a, int aOffset, int rowStride, int colStride, float[] b, int bOffset,
                                   float[] out, int outOffset, int m, int k, int n) {
        if (serial(m, k, n)) {
            multiplyBlock(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, 0, m, 0, n, k, n);
        } else {
            split((fromRow, toRow, fromCol, toCol) -> multiplyBlock(a, aOffset, rowStride, colStride, b, bOffset, out,
                    outOffset, fromRow, toRow, fromCol, toCol, k, n), m, k, n);
        }
    }

    /** The kernel on one block of the output. */
    @FunctionalInterface
    private interface Block {
        void run(int fromRow, int toRow, int fromCol, int toCol);
    }

    /** Whether a product is too small to split: it runs on the calling thread, allocating nothing. */
    private static boolean serial(int m, int k, int n) {
        return (long) m * k * n < PARALLEL_WORK || (m < 8 && n < 2 * COLUMN_STEP);
    }

    /** Runs {@code block} over the whole m x n output, split over the common pool. */
    private static void split(Block block, int m, int k, int n) {
        // two blocks per core, no more: each block copies the strips of B it reads, so smaller blocks copy B more often
        long grain = Math.max(PARALLEL_WORK / 2,
                (long) m * k * n / Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        ForkJoinPool.commonPool().invoke(new Blocks(block, 0, m, 0, n, k, grain));
    }

    /** Column blocks split at multiples of this: three vectors of four or eight doubles (eight floats), the widest tile. */
    private static final int COLUMN_STEP = 24;

    /** Output rows [fromRow, toRow), columns [fromCol, toCol). */
    private static void multiplyBlock(double[] a, int aOffset, int rowStride, int colStride, double[] b, int bOffset,
                                      double[] out, int outOffset, int fromRow, int toRow, int fromCol, int toCol,
                                      int k, int n) {
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

    /** Output rows [fromRow, toRow), columns [fromCol, toCol), in float32. */
    private static void multiplyBlock(float[] a, int aOffset, int rowStride, int colStride, float[] b, int bOffset,
                                      float[] out, int outOffset, int fromRow, int toRow, int fromCol, int toCol,
                                      int k, int n) {
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

    /**
     * Halves a block, down to {@code grain} multiply-adds: a block with fewer rows than columns (a
     * batch times a layer's weights) is cut between columns, so each half reads half of B and copies
     * it once for all its rows; a taller one is cut between rows at multiples of four, the tile.
     */
    private static final class Blocks extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient Block block;
        private final int fromRow;
        private final int toRow;
        private final int fromCol;
        private final int toCol;
        private final int k;
        private final long grain;

        Blocks(Block block, int fromRow, int toRow, int fromCol, int toCol, int k, long grain) {
            this.block = block;
            this.fromRow = fromRow;
            this.toRow = toRow;
            this.fromCol = fromCol;
            this.toCol = toCol;
            this.k = k;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            int rows = toRow - fromRow;
            int cols = toCol - fromCol;
            boolean byColumns = rows < cols && cols >= 2 * COLUMN_STEP;
            if ((long) rows * k * cols <= grain || (!byColumns && rows < 8)) {
                block.run(fromRow, toRow, fromCol, toCol);
                return;
            }
            if (byColumns) {
                int middle = fromCol + Math.max(1, cols / 2 / COLUMN_STEP) * COLUMN_STEP;
                invokeAll(new Blocks(block, fromRow, toRow, fromCol, middle, k, grain),
                        new Blocks(block, fromRow, toRow, middle, toCol, k, grain));
                return;
            }
            int middle = fromRow + ((rows / 2) & ~3);
            invokeAll(new Blocks(block, fromRow, middle, fromCol, toCol, k, grain),
                    new Blocks(block, middle, toRow, fromCol, toCol, k, grain));
        }
    }
}
