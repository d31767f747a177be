package dev.descent.autodiff;

/**
 * Products and the transpose:
 *
 * <pre>
 * dot:        y = a . b                 da += g b,  db += g a
 * matmul:     Y = A B  (m x k, k x n)   dA += G B^T,  dB += A^T G
 * matvec:     y = A v  (m x n, n)       dA += g v^T,  dv += A^T g
 * transpose:  Y = A^T                   dA += G^T
 * </pre>
 *
 * <p>All products share one kernel ({@link #multiply(double[], int, int, double[], double[], int, int, int)}):
 * register-tiled SIMD where the Vector API is present, blocked scalar loops otherwise, with the same
 * bits either way.
 */
final class LinearAlgebra {
    private LinearAlgebra() {}

    static Tensor dot(Tensor a, Tensor b) {
        if (a.rank > 1 || b.rank > 1 || a.value.length != b.value.length) {
            throw new IllegalArgumentException("dot needs two vectors of equal length, got " + a.shapeString()
                    + " and " + b.shapeString());
        }
        double[] x = a.value;
        double[] y = b.value;
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        Tensor r = Tensor.result(a.tape, 0, 1, 1, new double[] {sum}, a.requiresGradient || b.requiresGradient);
        return r.withBackward(() -> {
            double g = r.grad[0];
            if (a.requiresGradient) {
                double[] ga = a.gradientBuffer();
                for (int i = 0; i < x.length; i++) {
                    ga[i] += g * y[i];
                }
            }
            if (b.requiresGradient) {
                double[] gb = b.gradientBuffer();
                for (int i = 0; i < y.length; i++) {
                    gb[i] += g * x[i];
                }
            }
        });
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank != 2 || b.rank != 2 || a.cols != b.rows) {
            throw new IllegalArgumentException("matmul needs (m x k) and (k x n) matrices, got " + a.shapeString()
                    + " and " + b.shapeString());
        }
        int m = a.rows;
        int k = a.cols;
        int n = b.cols;
        double[] out = new double[m * n];
        multiply(a.value, b.value, out, m, k, n);
        Tensor r = Tensor.result(a.tape, 2, m, n, out, a.requiresGradient || b.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            if (a.requiresGradient) {
                multiplyTransposedRight(g, b.value, a.gradientBuffer(), m, n, k);
            }
            if (b.requiresGradient) {
                multiplyTransposedLeft(a.value, g, b.gradientBuffer(), m, k, n);
            }
        });
    }

    static Tensor matvec(Tensor a, Tensor v) {
        if (a.rank != 2 || v.rank != 1 || a.cols != v.cols) {
            throw new IllegalArgumentException("matvec needs an (m x n) matrix and a vector of length n, got "
                    + a.shapeString() + " and " + v.shapeString());
        }
        int m = a.rows;
        int n = a.cols;
        double[] x = a.value;
        double[] y = v.value;
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            double sum = 0;
            int offset = i * n;
            for (int j = 0; j < n; j++) {
                sum += x[offset + j] * y[j];
            }
            out[i] = sum;
        }
        Tensor r = Tensor.result(a.tape, 1, 1, m, out, a.requiresGradient || v.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            if (a.requiresGradient) {
                double[] ga = a.gradientBuffer();
                for (int i = 0; i < m; i++) {
                    double gi = g[i];
                    int offset = i * n;
                    for (int j = 0; j < n; j++) {
                        ga[offset + j] += gi * y[j];
                    }
                }
            }
            if (v.requiresGradient) {
                double[] gv = v.gradientBuffer();
                for (int i = 0; i < m; i++) {
                    double gi = g[i];
                    int offset = i * n;
                    for (int j = 0; j < n; j++) {
                        gv[j] += gi * x[offset + j];
                    }
                }
            }
        });
    }

    static Tensor transpose(Tensor a) {
        int m = a.rows;
        int n = a.cols;
        double[] x = a.value;
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                out[j * m + i] = x[i * n + j];
            }
        }
        Tensor r = Tensor.result(a.tape, 2, n, m, out, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    ga[i * n + j] += g[j * m + i];
                }
            }
        });
    }

    /** Rows of B kept hot per block: 128 rows of a few hundred columns stay in the L2 cache. */
    private static final int PANEL = 128;
    /** Products below this many multiply-adds run on the calling thread alone. */
    private static final long PARALLEL_WORK = 1L << 21;

    /** {@code out += A B}, A m x k, B k x n, row-major. */
    static void multiply(double[] a, double[] b, double[] out, int m, int k, int n) {
        multiply(a, k, 1, b, out, m, k, n);
    }

    /**
     * {@code out += A B} with {@code A(i,p) = a[i * rowStride + p * colStride]} ({@code A} or a
     * transpose read in place), B row-major {@code k x n}, out row-major {@code m x n}. Each output
     * element is one sum in order of {@code p}, one fused multiply-add per term, so the result does not
     * depend on the blocking, the vector width or the threads: {@link VectorMatrixKernels} tiles it in
     * registers where the Vector API is present, and the scalar loops here block it over panels of
     * B's rows otherwise. The rows of the output are split over the common fork-join pool when the
     * product is large.
     */
    static void multiply(double[] a, int rowStride, int colStride, double[] b, double[] out, int m, int k, int n) {
        if ((long) m * k * n < PARALLEL_WORK || m < 8) {
            multiplyRows(a, rowStride, colStride, b, out, 0, m, k, n);
            return;
        }
        // two blocks per core, no more: every block streams all of B, so blocks of a few rows (what a fixed grain
        // gave a 128-row batch: 4 rows each) make each block a pass over B from the outer caches
        long grain = Math.max(PARALLEL_WORK / 2, (long) m * k * n / Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        java.util.concurrent.ForkJoinPool.commonPool().invoke(new RowBlocks(a, rowStride, colStride, b, out, 0, m, k, n,
                grain));
    }

    /** Output rows [fromRow, toRow). */
    private static void multiplyRows(double[] a, int rowStride, int colStride, double[] b, double[] out, int fromRow,
                                     int toRow, int k, int n) {
        if (Simd.enabled()) {
            VectorMatrixKernels.multiplyRows(a, rowStride, colStride, b, out, fromRow, toRow, k, n);
            return;
        }
        for (int panel = 0; panel < k; panel += PANEL) {
            int panelEnd = Math.min(k, panel + PANEL);
            for (int i = fromRow; i < toRow; i++) {
                int rowOut = i * n;
                int rowA = i * rowStride;
                for (int p = panel; p < panelEnd; p++) {
                    double aip = a[rowA + p * colStride];
                    int rowB = p * n;
                    for (int j = 0; j < n; j++) {
                        out[rowOut + j] = Math.fma(aip, b[rowB + j], out[rowOut + j]);
                    }
                }
            }
        }
    }

    /** Splits output rows in halves (at multiples of four, the SIMD tile) down to {@code grain} multiply-adds. */
    private static final class RowBlocks extends java.util.concurrent.RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient double[] a;
        private final int rowStride;
        private final int colStride;
        private final transient double[] b;
        private final transient double[] out;
        private final int from;
        private final int to;
        private final int k;
        private final int n;
        private final long grain;

        RowBlocks(double[] a, int rowStride, int colStride, double[] b, double[] out, int from, int to, int k, int n,
                  long grain) {
            this.a = a;
            this.rowStride = rowStride;
            this.colStride = colStride;
            this.b = b;
            this.out = out;
            this.from = from;
            this.to = to;
            this.k = k;
            this.n = n;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if ((long) (to - from) * k * n <= grain || to - from < 8) {
                multiplyRows(a, rowStride, colStride, b, out, from, to, k, n);
                return;
            }
            int middle = from + (((to - from) / 2) & ~3);
            invokeAll(new RowBlocks(a, rowStride, colStride, b, out, from, middle, k, n, grain),
                    new RowBlocks(a, rowStride, colStride, b, out, middle, to, k, n, grain));
        }
    }

    /** {@code out += G B^T}: G m x n, B k x n, out m x k; B is transposed once, then {@link #multiply}. */
    static void multiplyTransposedRight(double[] g, double[] b, double[] out, int m, int n, int k) {
        multiply(g, transpose(b, k, n), out, m, n, k);
    }

    /** {@code out += A^T G}: A m x k, G m x n, out k x n; A^T is read in place. */
    static void multiplyTransposedLeft(double[] a, double[] g, double[] out, int m, int k, int n) {
        multiply(a, 1, k, g, out, k, m, n);
    }
    /** The transpose of a row-major {@code rows x cols} matrix. */
    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }
}
