package dev.descent.ml.train;

import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.Task;

/**
 * What a model scores on some rows: the mean data loss (no penalty), and accuracy for
 * classification or RMSE and R^2 for regression ({@code NaN} where it does not apply).
 *
 * @param loss the mean data loss
 * @param accuracy the fraction classified right
 * @param rmse the root mean squared error
 * @param r2 the coefficient of determination, {@code 1 - SS_res / SS_tot}
 */
public record Metrics(double loss, double accuracy, double rmse, double r2) {

    /** No figures: every field NaN (an epoch whose metrics were not computed, an empty split). */
    public static final Metrics NONE = new Metrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Scores {@code parameters} on {@code batch}. */
    public static Metrics of(Model model, double[] parameters, Batch batch) {
        if (batch.rows() == 0) {
            return NONE;
        }
        double loss = Loss.value(model, parameters, batch);
        double[] outputs = Loss.outputs(model, parameters, batch);
        int n = batch.rows();
        if (model.task() == Task.REGRESSION) {
            double[] y = batch.targets();
            double mean = 0;
            for (double v : y) {
                mean += v;
            }
            mean /= n;
            double residual = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                residual += (outputs[i] - y[i]) * (outputs[i] - y[i]);
                total += (y[i] - mean) * (y[i] - mean);
            }
            return new Metrics(loss, Double.NaN, Math.sqrt(residual / n), total == 0 ? Double.NaN : 1 - residual / total);
        }
        int right = 0;
        int k = model.outputs();
        int[] labels = batch.labels();
        for (int i = 0; i < n; i++) {
            int predicted;
            if (model.task() == Task.BINARY) {
                predicted = outputs[i] > 0 ? 1 : 0;
            } else {
                predicted = 0;
                for (int c = 1; c < k; c++) {
                    if (outputs[i * k + c] > outputs[i * k + predicted]) {
                        predicted = c;
                    }
                }
            }
            right += predicted == labels[i] ? 1 : 0;
        }
        return new Metrics(loss, right / (double) n, Double.NaN, Double.NaN);
    }
}
