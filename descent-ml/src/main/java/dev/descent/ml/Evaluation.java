package dev.descent.ml;

import dev.descent.ml.data.Dataset;
import dev.descent.ml.metrics.ClassificationReport;
import dev.descent.ml.metrics.RankingReport;
import dev.descent.ml.metrics.RegressionReport;
import dev.descent.ml.train.Tally;
import java.util.List;
import java.util.Objects;

/**
 * How a trained model scores on some rows: the mean data loss, and a
 * {@link ClassificationReport} (accuracy, per-class precision, recall and F1, their averages, the
 * confusion matrix) with the log-loss of the class probabilities and, for two classes, a
 * {@link RankingReport} (ROC AUC, average precision), or a {@link RegressionReport} (RMSE, MAE,
 * R^2). The training pipeline and
 * {@code descent evaluate} both score through {@link #of}, from the saved model, so a model scores
 * the same wherever it is evaluated. It lives beside {@link SavedModel}, which it scores, so that
 * {@code metrics} stays a package of reports from true and predicted values alone.
 *
 * @param name what the rows are: {@code "train"}, {@code "test"}, a file name
 * @param rows how many rows were scored
 * @param loss the mean data loss (no penalty)
 * @param classification the classification report, or null for regression
 * @param regression the regression report, or null for classification
 * @param logLoss the mean log-loss of the class probabilities with scikit-learn 1.2.1's clipping
 *     ({@link ClassificationReport#logLoss}); NaN for regression, or when the tally kept no scores
 *     ({@link Tally#hasScores()})
 * @param ranking the ROC AUC and average precision of a two-class model's {@code P(class 1)}; null
 *     for more classes, for regression, or when the tally kept no scores
 * @param majorityClass the class most training rows have, whose share of these rows is the baseline
 *     accuracy ({@link #baselineAccuracy()}); -1 when not known
 * @param threshold the two-class decision threshold on {@code P(class 1)} the classification report
 *     was made with, or NaN for the most probable class
 */
public record Evaluation(String name, int rows, double loss, ClassificationReport classification,
                         RegressionReport regression, double logLoss, RankingReport ranking, int majorityClass,
                         double threshold) {

    /** Validates: exactly one report, and a ranking only beside a two-class report. */
    public Evaluation {
        Objects.requireNonNull(name, "name");
        if ((classification == null) == (regression == null)) {
            throw new IllegalArgumentException("an evaluation holds a classification or a regression report");
        }
        if (ranking != null && (classification == null || classification.classCount() != 2)) {
            throw new IllegalArgumentException("a ranking report scores two classes");
        }
    }

    /** An evaluation without log-loss, ranking or baseline, as a tally made without scores gives. */
    public Evaluation(String name, int rows, double loss, ClassificationReport classification, RegressionReport regression) {
        this(name, rows, loss, classification, regression, Double.NaN, null, -1, Double.NaN);
    }

    /**
     * The accuracy of predicting the training rows' majority class for every one of these rows
     * (scikit-learn's {@code DummyClassifier(strategy='most_frequent')}): what accuracy must beat.
     * NaN for regression or when the majority is not known.
     */
    public double baselineAccuracy() {
        return classification == null || majorityClass < 0 ? Double.NaN : classification.baselineAccuracy(majorityClass);
    }

    /**
     * Scores {@code model} on {@code data}, rows in raw units with the model's columns (by name) and
     * target, with scores: a classification also gets its log-loss, and a two-class one its ranking.
     */
    public static Evaluation of(String name, SavedModel model, Dataset data) {
        Dataset rows = data.alignedTo(model.featureNames(), model.classNames());
        return of(name, Tally.over(model.model(), model.parameters(), model.batch(rows), true)
                .inTargetUnits(model.targetStandardizer()), model);
    }

    /**
     * The evaluation of a tally of {@code model}'s scores: its classes, the training majority for the
     * baseline, and its decision threshold, which remakes a two-class report from the tally's
     * probabilities when it is set.
     */
    public static Evaluation of(String name, Tally tally, SavedModel model) {
        Evaluation plain = of(name, tally, model.classNames());
        if (plain.isRegression()) {
            return plain;
        }
        ClassificationReport report = plain.classification();
        if (!Double.isNaN(model.threshold())) {
            if (!tally.hasScores()) {
                throw new IllegalArgumentException(name + ": a decision threshold needs the rows' probabilities");
            }
            int[] predicted = RankingReport.predictedClasses(twoColumns(tally.positiveProbabilities()), model.threshold());
            report = ClassificationReport.of(tally.labels(), predicted, model.classNames());
        }
        return new Evaluation(name, plain.rows(), plain.loss(), report, null, plain.logLoss(), plain.ranking(),
                model.majorityClass(), model.threshold());
    }

    /** P(class 0), P(class 1) per row from P(class 1). */
    private static double[] twoColumns(double[] positive) {
        double[] both = new double[2 * positive.length];
        for (int i = 0; i < positive.length; i++) {
            both[2 * i] = 1 - positive[i];
            both[2 * i + 1] = positive[i];
        }
        return both;
    }

    /**
     * The evaluation of a tally: rows scored wherever they are (an engine's blocks) and merged in
     * order, in the target's units ({@link Tally#inTargetUnits}). The log-loss and ranking are
     * there when the tally was made with scores ({@link Tally#of(dev.descent.ml.model.Model, double[],
     * dev.descent.ml.model.Batch, boolean)}).
     *
     * @param classNames the model's classes (empty for regression)
     */
    public static Evaluation of(String name, Tally tally, List<String> classNames) {
        if (tally.rows() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + tally.rows() + " rows is more than an evaluation counts");
        }
        int rows = (int) tally.rows();
        if (tally.isClassification()) {
            return new Evaluation(name, rows, tally.loss(), ClassificationReport.of(tally.confusion(), classNames), null,
                    tally.logLoss(), tally.ranking(), -1, Double.NaN);
        }
        return new Evaluation(name, rows, tally.loss(), null,
                RegressionReport.of(tally.rows(), tally.residualSquares(), tally.absoluteErrors(), tally.totalSquares()));
    }

    /** Whether this is a regression evaluation. */
    public boolean isRegression() {
        return regression != null;
    }
}
