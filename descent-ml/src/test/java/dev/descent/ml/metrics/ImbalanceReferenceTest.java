package dev.descent.ml.metrics;

import static dev.descent.ml.metrics.MetricsReferenceTest.labels;
import static dev.descent.ml.metrics.MetricsReferenceTest.number;
import static dev.descent.ml.metrics.MetricsReferenceTest.numbers;
import static dev.descent.ml.metrics.MetricsReferenceTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The imbalanced-classification scores against scikit-learn 1.2.1 (reference files from
 * tools/reference/sklearn_imbalance_metrics.py): ROC AUC, average precision, log-loss, balanced
 * accuracy, the majority baseline and the thresholded prediction.
 */
class ImbalanceReferenceTest {

    static final double RELATIVE = 1e-12;

    static Properties load(String name) throws IOException {
        Properties reference = new Properties();
        try (InputStream in = ImbalanceReferenceTest.class.getResourceAsStream("/sklearn/imbalance/" + name + ".txt")) {
            assertThat(in).as("reference file %s", name).isNotNull();
            reference.load(in);
        }
        return reference;
    }

    /** Within 1e-12 of the reference relative to its size; a reference of 0 (or -0) is met only by 0. */
    static void assertClose(double actual, double expected, String what) {
        if (expected == 0) {
            assertThat(actual).as(what).isEqualTo(0.0, org.assertj.core.api.Assertions.offset(0.0));
            return;
        }
        assertThat(Math.abs(actual - expected)).as("%s: %s against scikit-learn's %s", what, actual, expected)
                .isLessThanOrEqualTo(RELATIVE * Math.abs(expected));
    }

    static double[] twoColumns(double[] scores) {
        double[] probabilities = new double[2 * scores.length];
        for (int i = 0; i < scores.length; i++) {
            probabilities[2 * i] = 1 - scores[i];
            probabilities[2 * i + 1] = scores[i];
        }
        return probabilities;
    }

    static double[] rows(Properties reference, String key) {
        return Arrays.stream(text(reference, key).split(";"))
                .flatMapToDouble(row -> Arrays.stream(row.split(",")).mapToDouble(Double::parseDouble)).toArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary_ties", "binary_imbalanced", "binary_all_equal", "binary_perfect",
        "binary_no_positive", "binary_all_positive"})
    void binaryScoresMatchSklearn(String name) throws IOException {
        Properties reference = load(name);
        double[] scores = numbers(reference, "scores");
        int[] labels = labels(reference, "labels");
        RankingReport ranking = RankingReport.of(scores, labels);

        assertThat(ranking.rows()).isEqualTo(labels.length);
        assertThat(ranking.positives()).isEqualTo(Arrays.stream(labels).sum());
        if (text(reference, "roc_auc").equals("undefined")) {
            assertThat(ranking.rocAuc()).isNaN();
            assertThat(ranking.rocAucUndefinedReason()).hasValueSatisfying(reason -> assertThat(reason)
                    .contains("all " + labels.length + " rows are of class " + labels[0]));
        } else {
            assertClose(ranking.rocAuc(), number(reference, "roc_auc"), name + " ROC AUC");
            assertThat(ranking.rocAucUndefinedReason()).isEmpty();
        }
        assertClose(ranking.averagePrecision(), number(reference, "average_precision"), name + " average precision");
        assertClose(ClassificationReport.logLoss(twoColumns(scores), 2, labels), number(reference, "log_loss"),
                name + " log-loss");
        assertThat(RankingReport.predictedClasses(twoColumns(scores), number(reference, "threshold")))
                .containsExactly(labels(reference, "predicted.threshold"));
        assertLabelScores(reference, labels, 2, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"multiclass_extreme", "multiclass_skewed"})
    void multiclassScoresMatchSklearn(String name) throws IOException {
        Properties reference = load(name);
        int k = Integer.parseInt(text(reference, "k"));
        int[] labels = labels(reference, "labels");
        assertClose(ClassificationReport.logLoss(rows(reference, "probabilities"), k, labels),
                number(reference, "log_loss"), name + " log-loss");
        assertLabelScores(reference, labels, k, name);
    }

    /** Balanced accuracy of the argmax prediction sklearn made, and the accuracy of always predicting each class. */
    static void assertLabelScores(Properties reference, int[] labels, int k, String name) {
        List<String> classes = IntStream.range(0, k).mapToObj(c -> "class" + c).toList();
        ClassificationReport report = ClassificationReport.of(labels, labels(reference, "predicted"), classes);
        assertClose(report.balancedAccuracy(), number(reference, "balanced_accuracy"), name + " balanced accuracy");
        int majority = Integer.parseInt(text(reference, "majority"));
        assertClose(report.baselineAccuracy(majority), number(reference, "baseline_accuracy"), name + " baseline");
        double[] baseline = numbers(reference, "baseline");
        for (int c = 0; c < k; c++) {
            assertClose(report.baselineAccuracy(c), baseline[c], name + " baseline of class " + c);
        }
    }

    /**
     * The >= 0.5 rule and sklearn's argmax (first of equals) part only where P(1) is exactly 0.5;
     * the ties case has such rows, so the difference is seen, not assumed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"binary_ties", "binary_imbalanced", "binary_perfect"})
    void thresholdHalfDiffersFromArgmaxOnlyAtExactlyHalf(String name) throws IOException {
        Properties reference = load(name);
        double[] scores = numbers(reference, "scores");
        int[] argmax = labels(reference, "predicted");
        int[] atHalf = RankingReport.predictedClasses(twoColumns(scores), 0.5);
        int differ = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] == 0.5) {
                assertThat(argmax[i]).as("sklearn's argmax at row %d", i).isZero();
                assertThat(atHalf[i]).as("threshold at row %d", i).isEqualTo(1);
                differ++;
            } else {
                assertThat(atHalf[i]).as("row %d, P(1) = %s", i, scores[i]).isEqualTo(argmax[i]);
            }
        }
        if (name.equals("binary_ties")) {
            assertThat(differ).isPositive();
        }
    }

    /** The exact cases are exact: every positive above every negative, or every score equal. */
    @ParameterizedTest
    @ValueSource(strings = {"binary_perfect", "binary_all_equal"})
    void exactCasesAreExact(String name) throws IOException {
        Properties reference = load(name);
        int[] labels = labels(reference, "labels");
        RankingReport ranking = RankingReport.of(numbers(reference, "scores"), labels);
        if (name.equals("binary_perfect")) {
            assertThat(ranking.rocAuc()).isEqualTo(1.0);
            assertThat(ranking.averagePrecision()).isEqualTo(1.0);
        } else {
            assertThat(ranking.rocAuc()).isEqualTo(0.5);
            assertThat(ranking.averagePrecision()).isEqualTo(Arrays.stream(labels).sum() / (double) labels.length);
        }
    }

    /** Only the order of the rows' scores matters, so the rows' order changes no bit. */
    @ParameterizedTest
    @ValueSource(strings = {"binary_ties", "binary_imbalanced"})
    void rowOrderChangesNothing(String name) throws IOException {
        Properties reference = load(name);
        double[] scores = numbers(reference, "scores");
        int[] labels = labels(reference, "labels");
        List<Integer> order = new ArrayList<>(IntStream.range(0, scores.length).boxed().toList());
        Collections.shuffle(order, new Random(11));
        double[] shuffledScores = order.stream().mapToDouble(i -> scores[i]).toArray();
        int[] shuffledLabels = order.stream().mapToInt(i -> labels[i]).toArray();
        RankingReport a = RankingReport.of(scores, labels);
        RankingReport b = RankingReport.of(shuffledScores, shuffledLabels);
        assertThat(b.rocAuc()).isEqualTo(a.rocAuc());
        assertThat(b.averagePrecision()).isEqualTo(a.averagePrecision());
    }
}
