/**
 * Evaluation metrics computed from true and predicted values (or the counts and sums of them), with
 * no dependency on any other package of descent: {@link dev.descent.ml.metrics.ClassificationReport}
 * (accuracy, per-class precision, recall, F1 and support, their macro and weighted averages, the
 * confusion matrix, balanced accuracy, the majority baseline, and the log-loss of class
 * probabilities), {@link dev.descent.ml.metrics.RankingReport} (ROC AUC and average precision of
 * a binary classifier's positive-class probabilities, with a thresholded prediction) and
 * {@link dev.descent.ml.metrics.RegressionReport} (RMSE, MAE and R^2).
 *
 * <p>The definitions, including what a zero denominator gives, are scikit-learn's defaults (1.2.1
 * where versions differ), and the tests check every value against scikit-learn's output (the
 * reference files come from {@code tools/reference/sklearn_metrics.py} and
 * {@code tools/reference/sklearn_imbalance_metrics.py}).
 *
 * <p>Scoring a model on rows, which needs the model and the trainer's tally, is
 * {@link dev.descent.ml.Evaluation} in the package above, which uses these reports.
 */
package dev.descent.ml.metrics;
