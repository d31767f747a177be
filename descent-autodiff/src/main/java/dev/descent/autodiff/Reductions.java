package dev.descent.autodiff;

/**
 * Reductions:
 *
 * <pre>
 * sum:        y = sum_i x_i                 dx_i += g
 * mean:       y = sum_i x_i / n             dx_i += g / n
 * sumRows:    y_c = sum_r x_rc              dx_rc += g_c
 * logSumExp:  y = m + log sum_i e^(x_i - m), m = max x     dx_i += g e^(x_i - y)
 * </pre>
 */
final class Reductions {
    private Reductions() {}

    static Tensor sum(Tensor a) {
        double[] x = a.value;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < x.length; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < x.length; i++) {
            s0 += x[i];
        }
        Tensor r = Tensor.result(a.tape, 0, 1, 1, new double[] {(s0 + s1) + (s2 + s3)}, a.requiresGradient);
        return r.withBackward(() -> {
            double g = r.grad[0];
            double[] ga = a.gradientBuffer();
            for (int k = 0; k < ga.length; k++) {
                ga[k] += g;
            }
        });
    }

    static Tensor mean(Tensor a) {
        return sum(a).mul(1.0 / a.value.length);
    }

    static Tensor sumRows(Tensor a) {
        int rows = a.rows;
        int cols = a.cols;
        double[] x = a.value;
        double[] out = new double[cols];
        for (int row = 0; row < rows; row++) {
            int offset = row * cols;
            for (int c = 0; c < cols; c++) {
                out[c] += x[offset + c];
            }
        }
        Tensor r = Tensor.result(a.tape, 1, 1, cols, out, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int row = 0; row < rows; row++) {
                int offset = row * cols;
                for (int c = 0; c < cols; c++) {
                    ga[offset + c] += g[c];
                }
            }
        });
    }

    static Tensor logSumExp(Tensor a) {
        double[] x = a.value;
        double out = logSumExp(x, 0, x.length);
        Tensor r = Tensor.result(a.tape, 0, 1, 1, new double[] {out}, a.requiresGradient);
        return r.withBackward(() -> {
            double g = r.grad[0];
            double[] ga = a.gradientBuffer();
            for (int i = 0; i < x.length; i++) {
                ga[i] += g * Math.exp(x[i] - out);
            }
        });
    }

    /** {@code log sum exp(x[from..to))}, shifted by the maximum so nothing overflows. */
    static double logSumExp(double[] x, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, x[i]);
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY || Double.isNaN(max)) {
            return max;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.exp(x[i] - max);
        }
        return max + Math.log(sum);
    }
}
