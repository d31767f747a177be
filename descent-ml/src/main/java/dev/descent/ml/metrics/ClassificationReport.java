package dev.descent.ml.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How well predicted class labels match the true ones: accuracy, per-class precision, recall, F1
 * and support, their macro and weighted averages, and the confusion matrix. Immutable.
 *
 * <p>Labels are class indices in {@code [0, k)}, where {@code k} is the number of class names, and
 * every one of the {@code k} classes is reported, including classes that occur in neither the
 * truth nor the prediction (as scikit-learn with {@code labels=range(k)}). For class {@code c},
 * with {@code n} rows and the confusion matrix {@code C} (row = true class, column = predicted
 * class):
 *
 * <pre>
 * tp(c)        = C[c][c]
 * support(c)   = sum over j of C[c][j]                  (rows whose true class is c)
 * predicted(c) = sum over i of C[i][c]                  (rows predicted as c)
 * precision(c) = tp(c) / predicted(c),  0 when predicted(c) = 0
 * recall(c)    = tp(c) / support(c),    0 when support(c) = 0
 * F1(c)        = 2 precision(c) recall(c) / (precision(c) + recall(c)),  0 when the sum is 0
 * accuracy     = (sum over c of tp(c)) / n
 * macro m      = (sum over c of m(c)) / k                        for m in precision, recall, F1
 * weighted m   = (sum over c of support(c) m(c)) / n
 * </pre>
 *
 * <p>The zeros on a zero denominator are scikit-learn's default ({@code zero_division="warn"},
 * which warns and gives 0.0); the macro average therefore counts a class that is never predicted
 * or never occurs as 0, and the weighted average gives weight 0 to classes with no support. F1 is
 * the harmonic mean of precision and recall computed in that order, as scikit-learn 1.2 does.
 *
 * <p>For imbalanced classes, {@link #balancedAccuracy()} (the mean recall over the classes
 * present) and {@link #baselineAccuracy(int)} (the accuracy of always predicting the majority
 * class) say what the accuracy alone hides; {@link #logLoss} scores class probabilities rather
 * than labels.
 *
 * <p>References: scikit-learn's
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.balanced_accuracy_score.html">balanced_accuracy_score</a>,
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.log_loss.html">log_loss</a>,
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.classification_report.html">classification_report</a>,
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.precision_recall_fscore_support.html">precision_recall_fscore_support</a>,
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.accuracy_score.html">accuracy_score</a> and
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.confusion_matrix.html">confusion_matrix</a>.
 */
public final class ClassificationReport {

    /** numpy.finfo(numpy.float64).eps = 2^-52, scikit-learn 1.2's log-loss clipping for float64 probabilities. */
    public static final double LOG_LOSS_EPSILON = 2.220446049250313e-16;

    /** The longest row label of the table; scikit-learn sizes the label column to fit it. */
    private static final String WEIGHTED_LABEL = "weighted avg";
    private static final String MACRO_LABEL = "macro avg";
    private static final String ACCURACY_LABEL = "accuracy";
    private static final String CONFUSION_CORNER = "true \\ predicted";

    /**
     * One row of the report: precision, recall, F1 and support of a class, or their macro or
     * weighted average over the classes (whose support is then the number of rows, as in
     * scikit-learn's table).
     *
     * @param label the class name, {@code "macro avg"} or {@code "weighted avg"}
     * @param precision the fraction of rows predicted as the class that belong to it
     * @param recall the fraction of rows of the class predicted as it
     * @param f1 the harmonic mean of precision and recall
     * @param support the number of rows of the class (for an average: of all rows)
     */
    public record Scores(String label, double precision, double recall, double f1, long support) {

        /** Requires a label, so every row of the table can be named. */
        public Scores {
            Objects.requireNonNull(label, "label");
        }
    }

    private final List<String> classNames;
    private final long[][] confusion;
    private final List<Scores> perClass;
    private final Scores macroAverage;
    private final Scores weightedAverage;
    private final double accuracy;
    private final long rows;

    private ClassificationReport(List<String> classNames, long[][] confusion, List<Scores> perClass,
            Scores macroAverage, Scores weightedAverage, double accuracy, long rows) {
        this.classNames = classNames;
        this.confusion = confusion;
        this.perClass = perClass;
        this.macroAverage = macroAverage;
        this.weightedAverage = weightedAverage;
        this.accuracy = accuracy;
        this.rows = rows;
    }

    /**
     * Scores {@code predicted} against {@code truth}.
     *
     * @param truth the true class index of each row, in {@code [0, classNames.size())}
     * @param predicted the predicted class index of each row, as many as {@code truth}
     * @param classNames the name of each class, by index; every class is reported
     * @return the report
     * @throws IllegalArgumentException if there are no classes or no rows, the two arrays differ in
     *     length, or a label is outside {@code [0, classNames.size())}
     * @throws NullPointerException if an argument or a class name is null
     */
    public static ClassificationReport of(int[] truth, int[] predicted, List<String> classNames) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(predicted, "predicted");
        List<String> names = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
        int k = names.size();
        if (k == 0) {
            throw new IllegalArgumentException("classNames is empty: a report needs at least one class");
        }
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " labels but predicted has "
                    + predicted.length + "; they must pair up row by row");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("truth and predicted are empty: there are no rows to score");
        }
        checkLabels("truth", truth, k);
        checkLabels("predicted", predicted, k);

        long[][] confusion = new long[k][k];
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
        }
        return of(confusion, names);
    }

    /**
     * The report of a confusion matrix, as rows summed elsewhere give it.
     *
     * @param confusion {@code confusion[t][p]} rows of true class {@code t} predicted {@code p}, square, one row per class
     * @param classNames the name of each class, by index
     * @throws IllegalArgumentException if the matrix is not square with a row per class, holds a negative count, or no rows
     */
    public static ClassificationReport of(long[][] confusion, List<String> classNames) {
        List<String> names = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
        int k = names.size();
        if (k == 0 || confusion.length != k) {
            throw new IllegalArgumentException("a confusion matrix of " + confusion.length + " rows for " + k + " classes");
        }
        long n = 0;
        for (long[] row : confusion) {
            if (row.length != k) {
                throw new IllegalArgumentException("the confusion matrix is not square: a row of " + row.length + " for "
                        + k + " classes");
            }
            for (long count : row) {
                if (count < 0) {
                    throw new IllegalArgumentException("a negative count in the confusion matrix: " + count);
                }
                n += count;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("the confusion matrix is empty: there are no rows to score");
        }
        confusion = java.util.Arrays.stream(confusion).map(long[]::clone).toArray(long[][]::new);
        long correct = 0;
        long[] support = new long[k];
        long[] predictedCount = new long[k];
        for (int c = 0; c < k; c++) {
            correct += confusion[c][c];
            for (int j = 0; j < k; j++) {
                support[c] += confusion[c][j];
                predictedCount[j] += confusion[c][j];
            }
        }

        List<Scores> perClass = new ArrayList<>(k);
        double precisionSum = 0;
        double recallSum = 0;
        double f1Sum = 0;
        double weightedPrecisionSum = 0;
        double weightedRecallSum = 0;
        double weightedF1Sum = 0;
        for (int c = 0; c < k; c++) {
            long truePositives = confusion[c][c];
            double precision = ratio(truePositives, predictedCount[c]);
            double recall = ratio(truePositives, support[c]);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new Scores(names.get(c), precision, recall, f1, support[c]));
            precisionSum += precision;
            recallSum += recall;
            f1Sum += f1;
            // The weight multiplies the score before summing, as numpy.average does for sklearn.
            weightedPrecisionSum += precision * support[c];
            weightedRecallSum += recall * support[c];
            weightedF1Sum += f1 * support[c];
        }
        Scores macro = new Scores(MACRO_LABEL, precisionSum / k, recallSum / k, f1Sum / k, n);
        // The supports add up to n, which is never 0 here, so the weighted average is always defined.
        Scores weighted = new Scores(WEIGHTED_LABEL, weightedPrecisionSum / n, weightedRecallSum / n,
                weightedF1Sum / n, n);
        return new ClassificationReport(names, confusion, Collections.unmodifiableList(perClass), macro, weighted,
                correct / (double) n, n);
    }

    private static void checkLabels(String name, int[] labels, int k) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + labels[i]
                        + " is not a class index: labels must be in [0, " + k + ") for " + k + " class names");
            }
        }
    }

    /** A count ratio that is 0 on a zero denominator, scikit-learn's default for precision and recall. */
    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : numerator / (double) denominator;
    }

    /**
     * The class names, by class index.
     *
     * @return an unmodifiable list of the names
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The number of classes {@code k}, the size of the confusion matrix.
     *
     * @return {@code classNames().size()}
     */
    public int classCount() {
        return classNames.size();
    }

    /**
     * The number of rows scored, {@code n}.
     *
     * @return the length of the truth and prediction arrays
     */
    public long rows() {
        return rows;
    }

    /**
     * The fraction of rows predicted right.
     *
     * <pre>
     * accuracy = (number of rows with predicted = truth) / n
     * </pre>
     *
     * @return the accuracy, in [0, 1]
     */
    public double accuracy() {
        return accuracy;
    }

    /**
     * The mean recall over the classes that occur in the truth, as scikit-learn's
     * {@code balanced_accuracy_score(truth, predicted)}: every present class counts the same
     * however few its rows, so always predicting the majority class scores {@code 1 / k'} rather
     * than the majority's share.
     *
     * <pre>
     * balanced accuracy = (sum over c with support(c) &gt; 0 of recall(c)) / (number of such c)
     * </pre>
     *
     * <p>A class that is only predicted, or occurs in neither truth nor prediction, is left out
     * (scikit-learn drops its 0/0 recall with a warning); this differs from the macro-averaged
     * recall, which counts such classes as 0.
     *
     * @return the balanced accuracy, in [0, 1]
     */
    public double balancedAccuracy() {
        double sum = 0;
        int present = 0;
        for (Scores scores : perClass) {
            if (scores.support() > 0) {
                sum += scores.recall();
                present++;
            }
        }
        // The rows are never 0 here, so some class is present.
        return sum / present;
    }

    /**
     * The accuracy of always predicting {@code majorityClass}: the share of rows whose true class
     * it is, as scikit-learn's {@code accuracy_score(truth, [majorityClass] * n)} (or a
     * {@code DummyClassifier(strategy="most_frequent")} fitted on rows whose majority it is). A
     * model whose {@link #accuracy()} does not beat it has learned nothing the class shares do not
     * already say.
     *
     * <pre>
     * baseline accuracy = support(majorityClass) / n
     * </pre>
     *
     * @param majorityClass the class to always predict; the training rows' most frequent class,
     *     which the caller knows (the rows scored here, a test set, may have another majority)
     * @return the baseline accuracy, in [0, 1]
     * @throws IndexOutOfBoundsException if {@code majorityClass} is not a class
     */
    public double baselineAccuracy(int majorityClass) {
        return scores(majorityClass).support() / (double) rows;
    }

    /**
     * The mean log-loss (cross-entropy) of class probabilities, as scikit-learn 1.2.1's
     * {@code log_loss(labels, probabilities, labels=range(k))} with its default {@code eps="auto"}:
     * the mean over rows of {@link #logLossTerm}, whose clipping keeps a probability of 0 for the
     * true class from giving an infinite loss.
     *
     * @param probabilities {@code k} values a row, row-major, {@code P(class c)} of row {@code i} at
     *     {@code i * k + c}; meant to sum to 1 a row, and renormalized as scikit-learn 1.2.1 does
     * @param k the number of classes, at least 2
     * @param labels the true class of each row, in {@code [0, k)}
     * @return the mean log-loss, at least 0 (at most {@code -ln(eps)}, about 36.04, for well-formed rows)
     * @throws IllegalArgumentException if {@code k < 2}, there are no rows, the lengths do not pair
     *     up, a label is not a class, or a probability is NaN
     * @throws NullPointerException if an array is null
     */
    public static double logLoss(double[] probabilities, int k, int[] labels) {
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(labels, "labels");
        if (k < 2) {
            throw new IllegalArgumentException("log-loss needs at least two classes, not " + k);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("labels is empty: there are no rows to score");
        }
        if ((long) labels.length * k != probabilities.length) {
            throw new IllegalArgumentException(probabilities.length + " probabilities are not " + k + " for each of "
                    + labels.length + " rows");
        }
        checkLabels("labels", labels, k);
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum += logLossTerm(probabilities, i * k, k, labels[i]);
        }
        return sum / labels.length;
    }

    /**
     * The log-loss of one row, as scikit-learn 1.2.1's {@code log_loss} computes it: each of the
     * row's probabilities clipped to {@code [eps, 1 - eps]}, the clipped row divided by its sum
     * (which is 1 up to rounding for a row of probabilities), and the negative natural log of the
     * true class's share.
     *
     * <pre>
     * q(c)     = min(max(p(c), eps), 1 - eps),   eps = {@value #LOG_LOSS_EPSILON} (2^-52)
     * loss     = -ln(q(label) / (q(0) + q(1) + ... + q(k-1)))
     * </pre>
     *
     * <p>{@code eps} is {@code numpy.finfo(float64).eps}, scikit-learn 1.2's {@code eps="auto"}
     * for float64 input; later versions (1.5 on) drop the renormalization, which changes rows
     * that do not sum to 1.
     *
     * @param probabilities an array holding the row
     * @param offset where the row starts: {@code P(class c)} is at {@code offset + c}
     * @param k the number of classes
     * @param label the true class, in {@code [0, k)}
     * @return the row's loss, at least 0
     * @throws IllegalArgumentException if a probability of the row is NaN
     */
    public static double logLossTerm(double[] probabilities, int offset, int k, int label) {
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += clip(probabilities[offset + c]);
        }
        return -Math.log(clip(probabilities[offset + label]) / sum);
    }

    private static double clip(double p) {
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("a probability is NaN: log-loss needs numbers");
        }
        return Math.min(Math.max(p, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
    }

    /**
     * The scores of one class.
     *
     * @param classIndex the class, in {@code [0, classCount())}
     * @return its precision, recall, F1 and support, labelled with its name
     * @throws IndexOutOfBoundsException if there is no such class
     */
    public Scores scores(int classIndex) {
        return perClass.get(Objects.checkIndex(classIndex, perClass.size()));
    }

    /**
     * The scores of every class.
     *
     * @return an unmodifiable list of the classes' scores, by class index
     */
    public List<Scores> perClass() {
        return perClass;
    }

    /**
     * The unweighted mean over the classes of precision, recall and F1; every class counts the
     * same, including classes that are absent (they contribute their zeros).
     *
     * <pre>
     * macro m = (sum over c of m(c)) / k
     * </pre>
     *
     * @return the macro averages, labelled {@code "macro avg"}, with support {@code n}
     */
    public Scores macroAverage() {
        return macroAverage;
    }

    /**
     * The mean over the classes of precision, recall and F1, each class weighted by its support.
     * The weighted recall equals the accuracy.
     *
     * <pre>
     * weighted m = (sum over c of support(c) m(c)) / n
     * </pre>
     *
     * @return the weighted averages, labelled {@code "weighted avg"}, with support {@code n}
     */
    public Scores weightedAverage() {
        return weightedAverage;
    }

    /**
     * The confusion matrix: entry {@code [i][j]} counts the rows of true class {@code i} predicted
     * as class {@code j}, as scikit-learn's {@code confusion_matrix(truth, predicted, labels=range(k))}.
     *
     * @return a fresh {@code k x k} copy, so callers cannot change the report
     */
    public long[][] confusionMatrix() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /**
     * One entry of the confusion matrix.
     *
     * @param trueClass the true class index
     * @param predictedClass the predicted class index
     * @return the number of rows of {@code trueClass} predicted as {@code predictedClass}
     * @throws IndexOutOfBoundsException if either index is not a class
     */
    public long confusion(int trueClass, int predictedClass) {
        return confusion[Objects.checkIndex(trueClass, confusion.length)][Objects.checkIndex(predictedClass,
                confusion.length)];
    }

    /**
     * The report as a text table laid out like scikit-learn's {@code classification_report} with
     * two digits: a header, one row a class, then accuracy, macro avg and weighted avg.
     *
     * @return the table, one line a row, ending in a newline
     */
    public String format() {
        return format(2);
    }

    /**
     * The report as a text table laid out like scikit-learn's
     * {@code classification_report(..., digits=digits)}:
     *
     * <pre>
     *               precision    recall  f1-score   support
     *
     *       setosa       0.87      0.82      0.85        50
     *   versicolor       0.83      0.86      0.84        50
     *    virginica       0.78      0.80      0.79        50
     *
     *     accuracy                           0.83       150
     *    macro avg       0.83      0.83      0.83       150
     * weighted avg       0.83      0.83      0.83       150
     * </pre>
     *
     * Numbers are rounded half to even on their exact binary value, which is how Python formats
     * them, so the digits match scikit-learn's table (0.125 prints as 0.12 in both).
     *
     * @param digits the number of decimals, at least 0
     * @return the table, one line a row, ending in a newline
     * @throws IllegalArgumentException if {@code digits} is negative
     */
    public String format(int digits) {
        if (digits < 0) {
            throw new IllegalArgumentException("digits must be at least 0: " + digits);
        }
        int width = Math.max(WEIGHTED_LABEL.length(), digits);
        for (String name : classNames) {
            width = Math.max(width, name.length());
        }
        StringBuilder table = new StringBuilder();
        table.append(pad("", width)).append(' ');
        for (String header : List.of("precision", "recall", "f1-score", "support")) {
            table.append(' ').append(pad(header, 9));
        }
        table.append("\n\n");
        for (Scores scores : perClass) {
            appendRow(table, scores, width, digits);
        }
        table.append('\n');
        table.append(pad(ACCURACY_LABEL, width)).append(' ').append(' ').append(pad("", 9)).append(' ')
                .append(pad("", 9)).append(' ').append(pad(decimal(accuracy, digits), 9)).append(' ')
                .append(pad(Long.toString(rows), 9)).append('\n');
        appendRow(table, macroAverage, width, digits);
        appendRow(table, weightedAverage, width, digits);
        return table.toString();
    }

    private static void appendRow(StringBuilder table, Scores scores, int width, int digits) {
        table.append(pad(scores.label(), width)).append(' ');
        for (double value : new double[] {scores.precision(), scores.recall(), scores.f1()}) {
            table.append(' ').append(pad(decimal(value, digits), 9));
        }
        table.append(' ').append(pad(Long.toString(scores.support()), 9)).append('\n');
    }

    /**
     * The confusion matrix as a text table with the class names as row and column headers: one row
     * a true class, one column a predicted class, the corner reading {@code true \ predicted}.
     *
     * <pre>
     * true \ predicted  setosa  versicolor  virginica
     * setosa                41           3          6
     * versicolor             2          43          5
     * virginica              4           6         40
     * </pre>
     *
     * @return the table, one line a true class after the header, ending in a newline
     */
    public String formatConfusionMatrix() {
        int k = classNames.size();
        int nameWidth = CONFUSION_CORNER.length();
        for (String name : classNames) {
            nameWidth = Math.max(nameWidth, name.length());
        }
        int[] columnWidth = new int[k];
        for (int j = 0; j < k; j++) {
            columnWidth[j] = classNames.get(j).length();
            for (int i = 0; i < k; i++) {
                columnWidth[j] = Math.max(columnWidth[j], Long.toString(confusion[i][j]).length());
            }
        }
        StringBuilder table = new StringBuilder();
        table.append(padRight(CONFUSION_CORNER, nameWidth));
        for (int j = 0; j < k; j++) {
            table.append("  ").append(pad(classNames.get(j), columnWidth[j]));
        }
        table.append('\n');
        for (int i = 0; i < k; i++) {
            table.append(padRight(classNames.get(i), nameWidth));
            for (int j = 0; j < k; j++) {
                table.append("  ").append(pad(Long.toString(confusion[i][j]), columnWidth[j]));
            }
            table.append('\n');
        }
        return table.toString();
    }

    /**
     * The table of {@link #format()}.
     *
     * @return the report with two decimals
     */
    @Override
    public String toString() {
        return format();
    }

    /** Rounds like Python's {@code format(value, ".{digits}f")}: half to even on the exact binary value. */
    private static String decimal(double value, int digits) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Right-aligns, as Python's {@code "{:>width}"}; text longer than the width is kept whole. */
    private static String pad(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    private static String padRight(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
