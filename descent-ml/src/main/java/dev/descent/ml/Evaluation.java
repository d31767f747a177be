package dev.descent.ml;

import dev.descent.ml.data.Dataset;
import dev.descent.ml.metrics.ClassificationReport;
import dev.descent.ml.metrics.RegressionReport;
import dev.descent.ml.train.Tally;
import java.util.List;
import java.util.Objects;

/**
 * How a trained model scores on some rows: the mean data loss, and a
 * {@link ClassificationReport} (accuracy, per-class precision, recall and F1, their averages, the
 * confusion matrix) or a {@link RegressionReport} (RMSE, MAE, R^2). The training pipeline and
 * {@code descent evaluate} both score through {@link #of}, from the saved model, so a model scores
 * the same wherever it is evaluated. It lives beside {@link SavedModel}, which it scores, so that
 * {@code metrics} stays a package of reports from true and predicted values alone.
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
        return of(name, Tally.over(model.model(), model.parameters(), model.batch(rows))
                .inTargetUnits(model.targetStandardizer()), model.classNames());
    }

    /**
     * The evaluation of a tally: rows scored wherever they are (an engine's blocks) and merged in
     * order, in the target's units ({@link Tally#inTargetUnits}).
     *
     * @param classNames the model's classes (empty for regression)
     */
    public static Evaluation of(String name, Tally tally, List<String> classNames) {
        if (tally.rows() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + tally.rows() + " rows is more than an evaluation counts");
        }
        int rows = (int) tally.rows();
        if (tally.isClassification()) {
            return new Evaluation(name, rows, tally.loss(), ClassificationReport.of(tally.confusion(), classNames), null);
        }
        return new Evaluation(name, rows, tally.loss(), null,
                RegressionReport.of(tally.rows(), tally.residualSquares(), tally.absoluteErrors(), tally.totalSquares()));
    }

    /** Whether this is a regression evaluation. */
    public boolean isRegression() {
        return regression != null;
    }
}
