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
 * Vector API kernels ({@code VectorMatrixKernels}) where {@link Simd#enabled()}, blocked scalar
 * loops otherwise. A large product splits its output rows over the common fork-join pool. The tape's
 * {@code matmul} and its backward rule use the same kernel.
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
        if ((long) m * k * n < PARALLEL_WORK || m < 8) {
            multiplyRows(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, 0, m, k, n);
            return;
        }
        // two blocks per core, no more: every block streams all of B, so blocks of a few rows (what a fixed grain
        // gave a 128-row batch: 4 rows each) make each block a pass over B from the outer caches
        long grain = Math.max(PARALLEL_WORK / 2,
                (long) m * k * n / Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        ForkJoinPool.commonPool().invoke(new RowBlocks(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset,
                0, m, k, n, grain));
    }

    /** Output rows [fromRow, toRow). */
    private static void multiplyRows(double[] a, int aOffset, int rowStride, int colStride, double[] b, int bOffset,
                                     double[] out, int outOffset, int fromRow, int toRow, int k, int n) {
        if (Simd.enabled()) {
            VectorMatrixKernels.multiplyRows(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, fromRow,
                    toRow, k, n);
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
                    for (int j = 0; j < n; j++) {
                        out[rowOut + j] = Math.fma(aip, b[rowB + j], out[rowOut + j]);
                    }
                }
            }
        }
    }

    /** Splits output rows in halves (at multiples of four, the SIMD tile) down to {@code grain} multiply-adds. */
    private static final class RowBlocks extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient double[] a;
        private final int aOffset;
        private final int rowStride;
        private final int colStride;
        private final transient double[] b;
        private final int bOffset;
        private final transient double[] out;
        private final int outOffset;
        private final int from;
        private final int to;
        private final int k;
        private final int n;
        private final long grain;

        RowBlocks(double[] a, int aOffset, int rowStride, int colStride, double[] b, int bOffset, double[] out,
                  int outOffset, int from, int to, int k, int n, long grain) {
            this.a = a;
            this.aOffset = aOffset;
            this.rowStride = rowStride;
            this.colStride = colStride;
            this.b = b;
            this.bOffset = bOffset;
            this.out = out;
            this.outOffset = outOffset;
            this.from = from;
            this.to = to;
            this.k = k;
            this.n = n;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if ((long) (to - from) * k * n <= grain || to - from < 8) {
                multiplyRows(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, from, to, k, n);
                return;
            }
            int middle = from + (((to - from) / 2) & ~3);
            invokeAll(new RowBlocks(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, from, middle, k, n,
                            grain),
                    new RowBlocks(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, middle, to, k, n,
                            grain));
        }
    }
}
