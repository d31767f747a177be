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
 * <p>All products share one kernel, {@link MatrixProduct}: register-tiled SIMD where the Vector API
 * is present, blocked scalar loops otherwise, with the same bits either way.
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

    /** {@code out += A B}, A m x k, B k x n, row-major. */
    static void multiply(double[] a, double[] b, double[] out, int m, int k, int n) {
        MatrixProduct.multiplyAdd(a, 0, k, 1, b, 0, out, 0, m, k, n);
    }

    /** {@code out += G B^T}: G m x n, B k x n, out m x k; B is transposed once, then {@link #multiply}. */
    static void multiplyTransposedRight(double[] g, double[] b, double[] out, int m, int n, int k) {
        multiply(g, transpose(b, k, n), out, m, n, k);
    }

    /** {@code out += A^T G}: A m x k, G m x n, out k x n; A^T is read in place. */
    static void multiplyTransposedLeft(double[] a, double[] g, double[] out, int m, int k, int n) {
        MatrixProduct.multiplyAdd(a, 0, 1, k, g, 0, out, 0, k, m, n);
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
