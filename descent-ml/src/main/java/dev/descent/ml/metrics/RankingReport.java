package dev.descent.ml.metrics;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * How well a binary classifier's positive-class probabilities rank the positive rows above the
 * negative ones, at every threshold at once: the area under the ROC curve and the average
 * precision. Unlike accuracy, neither depends on a threshold, and neither is flattered by an
 * imbalanced truth (a model that ranks at random has an ROC AUC of 0.5 and an average precision of
 * about the positive share). Immutable.
 *
 * <p>Rows are ranked by score, highest first; rows of equal score form one group, and the curves
 * have one point per distinct score (threshold), as scikit-learn's {@code _binary_clf_curve}. With
 * {@code P} positives and {@code N} negatives, and for the group at the {@code n}-th highest
 * distinct score {@code p_n} positives and {@code f_n} negatives, {@code TP_n} and {@code FP_n}
 * the positives and negatives scored at least that score:
 *
 * <pre>
 * ROC AUC           = sum over n of  f_n (2 TP_{n-1} + p_n) / (2 P N)
 *                     (the trapezoids between the ROC points (FP_n / N, TP_n / P), from (0, 0))
 * average precision = sum over n of (R_n - R_{n-1}) P_n,   R_n = TP_n / P,  P_n = TP_n / (TP_n + FP_n)
 *                   = (1 / P) sum over n of p_n TP_n / (TP_n + FP_n)
 * </pre>
 *
 * <p>A tie between a positive and a negative so counts as half a correctly ordered pair, which
 * makes the ROC AUC the Mann-Whitney probability that a random positive scores above a random
 * negative. The ROC numerator is an integer summed exactly, so the ROC AUC is the exact ratio
 * rounded once (while {@code 2 P N} stays below 2^53, about 1.3e8 rows); scikit-learn sums
 * trapezoids in floating point and agrees to within a few units in the last place. The average
 * precision sums one rounded term {@code p_n TP_n / ((TP_n + FP_n) P)} a threshold, except that the
 * steps at precision 1 (before the first negative) add up in integers; so a perfect ranking scores
 * exactly 1 and a single threshold exactly {@code P / n}, where scikit-learn's sum of
 * recall differences times precisions can be off in the last place (it gives
 * 1.0000000000000002 for some perfect rankings).
 *
 * <p>With only one class in the truth the ROC curve has no axis to run along: scikit-learn's
 * {@code roc_auc_score} raises {@code ValueError}, and here {@link #rocAuc()} is NaN and
 * {@link #rocAucUndefinedReason()} says why. The average precision stays defined as scikit-learn
 * 1.2.1 defines it: 1 when every row is positive, 0 when none is (scikit-learn then warns that
 * recall is set to one for all thresholds, which leaves the only nonzero recall step at precision 0).
 *
 * <p>References: scikit-learn 1.2's
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.roc_auc_score.html">roc_auc_score</a>
 * and
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.average_precision_score.html">average_precision_score</a>;
 * the tests check both against it (reference files from
 * {@code tools/reference/sklearn_imbalance_metrics.py}).
 */
public final class RankingReport {

    private final long rows;
    private final long positives;
    private final double rocAuc;
    private final double averagePrecision;

    private RankingReport(long rows, long positives, double rocAuc, double averagePrecision) {
        this.rows = rows;
        this.positives = positives;
        this.rocAuc = rocAuc;
        this.averagePrecision = averagePrecision;
    }

    /**
     * Ranks the rows by their positive-class scores. The arrays are read, not kept or changed; the
     * one allocation is a copy of the scores, split by label and sorted ({@code O(n log n)}), after
     * which one pass over the distinct scores gives both numbers.
     *
     * @param scores each row's score for the positive class, such as its probability {@code P(class 1)};
     *     any finite numbers, only their order matters ({@code -0.0} ties with {@code 0.0})
     * @param labels each row's true class, 0 or 1 (1 is the positive class)
     * @return the report
     * @throws IllegalArgumentException if the arrays differ in length or are empty, a score is NaN
     *     or infinite (scikit-learn refuses those too), or a label is not 0 or 1
     * @throws NullPointerException if an array is null
     */
    public static RankingReport of(double[] scores, int[] labels) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(labels, "labels");
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores has " + scores.length + " values but labels has " + labels.length
                    + "; they must pair up row by row");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("scores and labels are empty: there are no rows to rank");
        }
        int positives = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i]
                        + " is not a binary label: the true class must be 0 or 1");
            }
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "] = " + scores[i] + " cannot be ranked: scores must be finite");
            }
            positives += labels[i];
        }
        int negatives = labels.length - positives;
        // One array holds both sorted runs: positives in [0, P), negatives in [P, n).
        double[] sorted = new double[labels.length];
        int p = 0;
        int q = positives;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 1) {
                sorted[p++] = scores[i];
            } else {
                sorted[q++] = scores[i];
            }
        }
        Arrays.sort(sorted, 0, positives);
        Arrays.sort(sorted, positives, labels.length);

        // Walks the distinct scores from the highest down, taking each score's positives and negatives at once.
        int i = positives - 1;
        int j = labels.length - 1;
        long truePositives = 0;
        long falsePositives = 0;
        long pairs = 0;
        long certainPositives = 0;
        double uncertainShare = 0;
        while (i >= 0 || j >= positives) {
            double threshold = i < 0 ? sorted[j] : j < positives ? sorted[i] : Math.max(sorted[i], sorted[j]);
            long groupPositives = 0;
            while (i >= 0 && sorted[i] == threshold) {
                groupPositives++;
                i--;
            }
            long groupNegatives = 0;
            while (j >= positives && sorted[j] == threshold) {
                groupNegatives++;
                j--;
            }
            pairs += groupNegatives * (2 * truePositives + groupPositives);
            truePositives += groupPositives;
            falsePositives += groupNegatives;
            if (groupPositives > 0 && falsePositives == 0) {
                certainPositives += groupPositives;
            } else if (groupPositives > 0) {
                uncertainShare += (double) (groupPositives * truePositives)
                        / ((double) (truePositives + falsePositives) * positives);
            }
        }
        double auc = positives == 0 || negatives == 0 ? Double.NaN : pairs / (2.0 * positives * negatives);
        double averagePrecision = positives == 0 ? 0.0 : (double) certainPositives / positives + uncertainShare;
        return new RankingReport(labels.length, positives, auc, averagePrecision);
    }

    /**
     * The classes of rows from their two-column probabilities, with a threshold on the positive
     * class: class 1 when {@code P(class 1) >= threshold}, else class 0.
     *
     * <p>scikit-learn's {@code predict} takes no threshold; it is the argmax of the probabilities,
     * as {@code SavedModel.predictedClasses}, which takes the first of equal probabilities, so a row
     * with {@code P(class 0) = P(class 1)} is class 0 there. This rule with threshold 0.5 gives
     * class 1 for it, and that row ({@code P(class 1)} exactly 0.5, when the two columns are
     * {@code 1 - p} and {@code p}) is the only one where the two disagree. (The trainer's tally
     * predicts from the logit's sign, {@code logit > 0}; a logit so small that its sigmoid rounds to
     * exactly 0.5 is class 1 there and class 0 by argmax.)
     *
     * @param probabilities two values a row, {@code P(class 0)} then {@code P(class 1)}, as
     *     {@code SavedModel.predict} gives a binary model's
     * @param threshold the least {@code P(class 1)} predicted as class 1; 0 predicts every row as
     *     class 1, a value above 1 none
     * @return the predicted class of each row, 0 or 1
     * @throws IllegalArgumentException if {@code probabilities} has an odd length or the threshold is NaN
     * @throws NullPointerException if {@code probabilities} is null
     */
    public static int[] predictedClasses(double[] probabilities, double threshold) {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.length % 2 != 0) {
            throw new IllegalArgumentException("a binary model gives two probabilities a row, not " + probabilities.length
                    + " values");
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("the threshold is NaN");
        }
        int[] predicted = new int[probabilities.length / 2];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = probabilities[2 * i + 1] >= threshold ? 1 : 0;
        }
        return predicted;
    }

    /**
     * The number of rows ranked.
     *
     * @return the length of the score and label arrays
     */
    public long rows() {
        return rows;
    }

    /**
     * The number of positive rows (true class 1), {@code P}.
     *
     * @return how many labels were 1
     */
    public long positives() {
        return positives;
    }

    /**
     * The area under the ROC curve (true positive rate against false positive rate, a point per
     * distinct score), as scikit-learn's {@code roc_auc_score(labels, scores)}: 1 for a ranking
     * that puts every positive above every negative, 0.5 for one that tells them apart no better
     * than chance (or gives every row the same score).
     *
     * @return the ROC AUC in [0, 1], or NaN when the truth holds only one class (see
     *     {@link #rocAucUndefinedReason()})
     */
    public double rocAuc() {
        return rocAuc;
    }

    /**
     * Why {@link #rocAuc()} is NaN, where scikit-learn's {@code roc_auc_score} raises
     * {@code ValueError("Only one class present in y_true. ROC AUC score is not defined in that case.")}.
     *
     * @return the reason, naming the one class and the row count, or empty when the ROC AUC is defined
     */
    public Optional<String> rocAucUndefinedReason() {
        if (!Double.isNaN(rocAuc)) {
            return Optional.empty();
        }
        return Optional.of("ROC AUC is not defined: all " + rows + " rows are of class " + (positives == 0 ? 0 : 1)
                + ", and it needs both classes");
    }

    /**
     * The average precision, as scikit-learn's {@code average_precision_score(labels, scores)}: the
     * precision at each distinct score weighted by the recall it adds, the area under the
     * precision-recall curve with no interpolation. A random ranking scores about
     * {@code positives() / rows()}, a perfect one 1.
     *
     * @return the average precision in [0, 1]; 0 when no row is positive, as in scikit-learn 1.2.1
     */
    public double averagePrecision() {
        return averagePrecision;
    }

    @Override
    public String toString() {
        return "ROC AUC " + rocAuc + ", average precision " + averagePrecision + " (" + positives + " of " + rows
                + " rows positive)";
    }
}
