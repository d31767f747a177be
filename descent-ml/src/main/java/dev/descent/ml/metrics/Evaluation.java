package dev.descent.ml.metrics;

import dev.descent.ml.SavedModel;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Task;
import dev.descent.ml.train.Metrics;
import java.util.Objects;

/**
 * How a trained model scores on some rows: the mean data loss, and a
 * {@link ClassificationReport} (accuracy, per-class precision, recall and F1, their averages, the
 * confusion matrix) or a {@link RegressionReport} (RMSE, MAE, R^2). The training pipeline and
 * {@code descent evaluate} both score through {@link #of}, from the saved model, so a model scores
 * the same wherever it is evaluated.
 *
 * @param name what the rows are: {@code "train"}, {@code "test"}, a file name
 * @param rows how many rows were scored
 * @param loss the mean data loss (no penalty)
 * @param classification the classification report, or null for regression
 * @param regression the regression report, or null for classification
 */
public record Evaluation(String name, int rows, double loss, ClassificationReport classification,
                         RegressionReport regression) {

    /** Validates: exactly one report. */
    public Evaluation {
        Objects.requireNonNull(name, "name");
        if ((classification == null) == (regression == null)) {
            throw new IllegalArgumentException("an evaluation holds a classification or a regression report");
        }
    }

    /**
     * Scores {@code model} on {@code data}, rows in raw units with the model's columns (by name) and
     * target.
     */
    public static Evaluation of(String name, SavedModel model, Dataset data) {
        Dataset rows = data.alignedTo(model.featureNames(), model.classNames());
        double loss = Metrics.of(model.model(), model.parameters(), model.batch(rows)).loss();
        double[] predictions = model.predict(rows);
        if (model.model().task() == Task.REGRESSION) {
            return new Evaluation(name, rows.rows(), loss, null, RegressionReport.of(rows.targets(), predictions));
        }
        int[] predicted = model.predictedClasses(predictions);
        return new Evaluation(name, rows.rows(), loss, ClassificationReport.of(rows.labels(), predicted, model.classNames()),
                null);
    }

    /** Whether this is a regression evaluation. */
    public boolean isRegression() {
        return regression != null;
    }
}
