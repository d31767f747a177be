package dev.descent.ml.model;

import dev.descent.autodiff.Fused;
import dev.descent.autodiff.Losses;
import dev.descent.autodiff.Tensor;

/**
 * The weighted mean losses of a batch whose rows carry weights {@code w_r}, with
 * {@code W = sum_r w_r}, as scikit-learn's {@code sample_weight}, glmnet's {@code weights} and Spark
 * MLlib's {@code weightCol} define them:
 *
 * <pre>
 * squared error:  L = (1/W) sum_r w_r (p_r - t_r)^2                  dL/dp_r = 2 w_r (p_r - t_r) / W
 * logistic:       L = (1/W) sum_r w_r [softplus(z_r) - y_r z_r]      dL/dz_r = w_r (sigmoid(z_r) - y_r) / W
 * softmax:        L = (1/W) sum_r w_r [logsumexp(x_r) - x_r,label]   dL/dx_rc = w_r (softmax(x_r)_c - [c = label]) / W
 * </pre>
 *
 * <p>Each is one operation on the tape over the outputs ({@link Fused#scalar}), so every model's
 * forward pass feeds it unchanged. A batch whose weights are all 0 has loss 0 and gradient 0: it
 * holds nothing to fit. Unweighted batches never come here; their losses keep their own code.
 */
final class WeightedLosses {
    private WeightedLosses() {}

    /** The weighted mean loss of {@code outputs} ({@code rows x outputs}) against the batch's targets or labels. */
    static Tensor loss(Task task, Tensor outputs, Batch batch) {
        double[] w = batch.weights();
        double total = batch.weightSum();
        double[] x = outputs.values();
        double[] gradient = new double[x.length];
        int n = batch.rows();
        double sum = 0;
        switch (task) {
            case REGRESSION -> {
                double[] t = batch.targets();
                if (x.length != n) {
                    throw new IllegalArgumentException(x.length + " predictions for " + n + " rows");
                }
                for (int r = 0; r < n; r++) {
                    double d = x[r] - t[r];
                    sum += w[r] * (d * d);
                    gradient[r] = total == 0 ? 0 : 2 * w[r] * d / total;
                }
            }
            case BINARY -> {
                double[] y = batch.targets();
                if (x.length != n) {
                    throw new IllegalArgumentException(x.length + " logits for " + n + " rows");
                }
                for (int r = 0; r < n; r++) {
                    double z = x[r];
                    sum += w[r] * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[r] * z);
                    gradient[r] = total == 0 ? 0 : w[r] * (Losses.sigmoid(z) - y[r]) / total;
                }
            }
            case MULTICLASS -> {
                int[] labels = batch.labels();
                int k = x.length / n;
                for (int r = 0; r < n; r++) {
                    int label = labels[r];
                    if (label < 0 || label >= k) {
                        throw new IllegalArgumentException("label " + label + " at row " + r + " is outside [0, " + k + ")");
                    }
                    int offset = r * k;
                    double lse = Losses.logSumExp(x, offset, offset + k);
                    sum += w[r] * (lse - x[offset + label]);
                    double scale = total == 0 ? 0 : w[r] / total;
                    for (int c = 0; c < k; c++) {
                        gradient[offset + c] = scale * Math.exp(x[offset + c] - lse);
                    }
                    gradient[offset + label] -= scale;
                }
            }
            default -> throw new AssertionError(task);
        }
        return Fused.scalar(outputs, total == 0 ? 0 : sum / total, gradient);
    }
}
