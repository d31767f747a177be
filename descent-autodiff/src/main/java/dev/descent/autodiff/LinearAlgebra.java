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
 * <p>The loops run in i-k-j order so the innermost loop walks contiguous rows the JIT vectorizes;
 * the products with a transpose transpose first and share the one blocked kernel.
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

    /**
     * {@code out += A B}, A m x k, B k x n, row-major. Blocked over k so a panel of B's rows is reused
     * from cache by every row of A; the rows of the output are split over the common fork-join pool
     * when the product is large. Every output row is summed by one thread in the same order, so the
     * result does not depend on the threads.
     */
    static void multiply(double[] a, double[] b, double[] out, int m, int k, int n) {
        if ((long) m * k * n < PARALLEL_WORK || m < 2) {
            multiplyRows(a, b, out, 0, m, k, n);
            return;
        }
        java.util.concurrent.ForkJoinPool.commonPool().invoke(new RowBlocks(a, b, out, 0, m, k, n));
    }

    /** Output rows [fromRow, toRow), panel by panel of B's rows. */
    private static void multiplyRows(double[] a, double[] b, double[] out, int fromRow, int toRow, int k, int n) {
        for (int panel = 0; panel < k; panel += PANEL) {
            int panelEnd = Math.min(k, panel + PANEL);
            for (int i = fromRow; i < toRow; i++) {
                int rowOut = i * n;
                int rowA = i * k;
                for (int p = panel; p < panelEnd; p++) {
                    double aip = a[rowA + p];
                    if (aip == 0) {
                        continue; // ReLU zeros; adding 0 * b would change nothing for finite b
                    }
                    int rowB = p * n;
                    for (int j = 0; j < n; j++) {
                        out[rowOut + j] += aip * b[rowB + j];
                    }
                }
            }
        }
    }

    /** Splits output rows in halves down to a quarter of the work, then multiplies. */
    private static final class RowBlocks extends java.util.concurrent.RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient double[] a;
        private final transient double[] b;
        private final transient double[] out;
        private final int from;
        private final int to;
        private final int k;
        private final int n;

        RowBlocks(double[] a, double[] b, double[] out, int from, int to, int k, int n) {
            this.a = a;
            this.b = b;
            this.out = out;
            this.from = from;
            this.to = to;
            this.k = k;
            this.n = n;
        }

        @Override
        protected void compute() {
            if ((long) (to - from) * k * n <= PARALLEL_WORK / 2 || to - from < 2) {
                multiplyRows(a, b, out, from, to, k, n);
                return;
            }
            int middle = (from + to) >>> 1;
            invokeAll(new RowBlocks(a, b, out, from, middle, k, n), new RowBlocks(a, b, out, middle, to, k, n));
        }
    }

    /** {@code out += G B^T}: G m x n, B k x n, out m x k; B is transposed once, then {@link #multiply}. */
    static void multiplyTransposedRight(double[] g, double[] b, double[] out, int m, int n, int k) {
        multiply(g, transpose(b, k, n), out, m, n, k);
    }

    /** {@code out += A^T G}: A m x k, G m x n, out k x n; A is transposed once, then {@link #multiply}. */
    static void multiplyTransposedLeft(double[] a, double[] g, double[] out, int m, int k, int n) {
        multiply(transpose(a, m, k), g, out, k, m, n);
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
