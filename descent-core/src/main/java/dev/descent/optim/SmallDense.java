package dev.descent.optim;

/**
 * Dense products and Gauss-Jordan elimination on the leading {@code k x k} block of small square
 * arrays (L-BFGS-B's 2m x 2m middle matrices), in place and without allocation.
 */
final class SmallDense {
    private SmallDense() {}

    /** {@code out = a v} over the leading {@code k} entries. */
    static void times(double[][] a, double[] v, double[] out, int k) {
        for (int r = 0; r < k; r++) {
            double sum = 0;
            for (int col = 0; col < k; col++) {
                sum += a[r][col] * v[col];
            }
            out[r] = sum;
        }
    }

    static double dot(double[] a, double[] b, int k) {
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Solves {@code a x = b} in the leading {@code k} entries; {@code a} is overwritten, {@code b} becomes x. */
    static void solve(double[][] a, double[] b, int k) {
        eliminate(a, null, k, 0, b);
    }

    /**
     * Reduces the leading {@code k x k} of {@code a} to the identity by Gauss-Jordan elimination with
     * partial pivoting (rows swapped by reference), applying the same operations to the leading
     * {@code k x columns} of {@code rhs}: with the identity there, its inverse.
     */
    static void eliminate(double[][] a, double[][] rhs, int k, int columns) {
        eliminate(a, rhs, k, columns, null);
    }

    static void eliminate(double[][] a, double[][] rhs, int k, int columns, double[] vector) {
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            if (rhs != null) {
                t = rhs[col];
                rhs[col] = rhs[pivot];
                rhs[pivot] = t;
            }
            if (vector != null) {
                double e = vector[col];
                vector[col] = vector[pivot];
                vector[pivot] = e;
            }
            double diagonal = a[col][col];
            for (int j = 0; j < k; j++) {
                a[col][j] /= diagonal;
            }
            for (int j = 0; j < columns; j++) {
                rhs[col][j] /= diagonal;
            }
            if (vector != null) {
                vector[col] /= diagonal;
            }
            for (int r = 0; r < k; r++) {
                if (r == col || a[r][col] == 0) {
                    continue;
                }
                double factor = a[r][col];
                for (int j = 0; j < k; j++) {
                    a[r][j] -= factor * a[col][j];
                }
                for (int j = 0; j < columns; j++) {
                    rhs[r][j] -= factor * rhs[col][j];
                }
                if (vector != null) {
                    vector[r] -= factor * vector[col];
                }
            }
        }
    }
}
