package dev.descent.autodiff;

/**
 * Log-softmax and the standard losses, each numerically stable:
 *
 * <pre>
 * logSoftmax (per row):   y_j = x_j - logsumexp(x)          dx_j += g_j - softmax_j sum_l g_l
 * softmaxCrossEntropy:    L = -(1/m) sum_r logsoftmax(X_r)_(label_r)
 *                         dX_rj += g (softmax(X_r)_j - [j = label_r]) / m
 * meanSquaredError:       L = (1/n) sum_i (p_i - t_i)^2    dp_i += 2 g (p_i - t_i) / n
 * binaryCrossEntropy:     L = (1/n) sum_i [softplus(z_i) - y_i z_i]   (from logits z)
 *                         dz_i += g (sigmoid(z_i) - y_i) / n
 * </pre>
 */
public final class Losses {
    private Losses() {}

    /**
     * {@code log sum_i e^(x_i)} over {@code x[from..to)}, shifted by the maximum so it never
     * overflows: the one formula behind {@link #softmaxCrossEntropy} and every fused kernel that
     * mirrors it.
     */
    public static double logSumExp(double[] x, int from, int to) {
        return Reductions.logSumExp(x, from, to);
    }

    /** {@code 1 / (1 + e^-x)} without overflow: the formula behind {@link Tensor#sigmoid()} and the losses. */
    public static double sigmoid(double x) {
        return Elementwise.sigmoid(x);
    }

    static Tensor logSoftmax(Tensor a) {
        int rows = a.rows;
        int cols = a.cols;
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            double lse = Reductions.logSumExp(x, offset, offset + cols);
            for (int c = 0; c < cols; c++) {
                out[offset + c] = x[offset + c] - lse;
            }
        }
        Tensor result = Tensor.result(a.tape, a.rank, rows, cols, out, a.requiresGradient);
        return result.withBackward(() -> {
            double[] g = result.grad;
            double[] ga = a.gradientBuffer();
            for (int r = 0; r < rows; r++) {
                int offset = r * cols;
                double total = 0;
                for (int c = 0; c < cols; c++) {
                    total += g[offset + c];
                }
                for (int c = 0; c < cols; c++) {
                    ga[offset + c] += g[offset + c] - Math.exp(out[offset + c]) * total;
                }
            }
        });
    }

    /**
     * The mean softmax cross-entropy of a matrix of logits (one row per example, one column per
     * class) against integer labels in {@code [0, cols)}.
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, int[] labels) {
        int rows = logits.rank == 2 ? logits.rows : 1;
        int cols = logits.cols;
        if (labels.length != rows) {
            throw new IllegalArgumentException("softmaxCrossEntropy has " + rows + " rows of logits and "
                    + labels.length + " labels");
        }
        double[] x = logits.value;
        double[] probabilities = new double[x.length];
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int label = labels[r];
            if (label < 0 || label >= cols) {
                throw new IllegalArgumentException("label " + label + " at row " + r + " is outside [0, " + cols + ")");
            }
            int offset = r * cols;
            double lse = Reductions.logSumExp(x, offset, offset + cols);
            loss += lse - x[offset + label];
            for (int c = 0; c < cols; c++) {
                probabilities[offset + c] = Math.exp(x[offset + c] - lse);
            }
        }
        int[] targets = labels.clone();
        Tensor result = Tensor.result(logits.tape, 0, 1, 1, new double[] {loss / rows}, logits.requiresGradient);
        return result.withBackward(() -> {
            double scale = result.grad[0] / rows;
            double[] ga = logits.gradientBuffer();
            for (int r = 0; r < rows; r++) {
                int offset = r * cols;
                for (int c = 0; c < cols; c++) {
                    ga[offset + c] += scale * probabilities[offset + c];
                }
                ga[offset + targets[r]] -= scale;
            }
        });
    }

    /**
     * The mean binary cross-entropy of logits {@code z} against targets {@code y} in [0, 1],
     * {@code softplus(z) - y z}, which never overflows (PyTorch's {@code BCEWithLogitsLoss}).
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, double[] targets) {
        if (logits.value.length != targets.length) {
            throw new IllegalArgumentException("binaryCrossEntropyWithLogits has " + logits.value.length + " logits and "
                    + targets.length + " targets");
        }
        double[] z = logits.value;
        double[] y = targets.clone();
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            sum += Math.max(z[i], 0) + Math.log1p(Math.exp(-Math.abs(z[i]))) - y[i] * z[i];
        }
        int n = z.length;
        Tensor result = Tensor.result(logits.tape, 0, 1, 1, new double[] {sum / n}, logits.requiresGradient);
        return result.withBackward(() -> {
            double scale = result.grad[0] / n;
            double[] gz = logits.gradientBuffer();
            for (int i = 0; i < n; i++) {
                gz[i] += scale * (Elementwise.sigmoid(z[i]) - y[i]);
            }
        });
    }

    /** The mean of {@code (prediction - target)^2} over all entries; shapes must match. */
    public static Tensor meanSquaredError(Tensor prediction, Tensor target) {
        if (prediction.rows != target.rows || prediction.cols != target.cols) {
            throw new IllegalArgumentException("meanSquaredError of shapes " + prediction.shapeString() + " and "
                    + target.shapeString());
        }
        double[] p = prediction.value;
        double[] t = target.value;
        double[] residual = new double[p.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - t[i];
            residual[i] = d;
            sum += d * d;
        }
        int n = p.length;
        Tensor result = Tensor.result(prediction.tape, 0, 1, 1, new double[] {sum / n},
                prediction.requiresGradient || target.requiresGradient);
        return result.withBackward(() -> {
            double scale = 2 * result.grad[0] / n;
            if (prediction.requiresGradient) {
                double[] gp = prediction.gradientBuffer();
                for (int i = 0; i < n; i++) {
                    gp[i] += scale * residual[i];
                }
            }
            if (target.requiresGradient) {
                double[] gt = target.gradientBuffer();
                for (int i = 0; i < n; i++) {
                    gt[i] -= scale * residual[i];
                }
            }
        });
    }
}
