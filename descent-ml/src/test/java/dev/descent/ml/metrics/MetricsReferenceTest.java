package dev.descent.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The metrics against scikit-learn (reference files from tools/reference/sklearn_metrics.py). */
class MetricsReferenceTest {

    static final double TOLERANCE = 1e-12;

    static Properties load(String name) throws IOException {
        Properties reference = new Properties();
        try (InputStream in = MetricsReferenceTest.class.getResourceAsStream("/sklearn/metrics/" + name + ".txt")) {
            assertThat(in).as("reference file %s", name).isNotNull();
            reference.load(in);
        }
        return reference;
    }

    static String text(Properties reference, String key) {
        String value = reference.getProperty(key);
        assertThat(value).as("key %s", key).isNotNull();
        return value;
    }

    static double number(Properties reference, String key) {
        return Double.parseDouble(text(reference, key));
    }

    static double[] numbers(Properties reference, String key) {
        return Arrays.stream(text(reference, key).split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    static int[] labels(Properties reference, String key) {
        return Arrays.stream(text(reference, key).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static long[][] matrix(Properties reference, String key) {
        return Arrays.stream(text(reference, key).split(";"))
                .map(row -> Arrays.stream(row.split(",")).mapToLong(Long::parseLong).toArray()).toArray(long[][]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary_imbalanced", "three_classes", "ten_classes", "absent_class"})
    void classificationMatchesSklearn(String name) throws IOException {
        Properties reference = load(name);
        List<String> classes = List.of(text(reference, "classes").split(","));
        ClassificationReport report = ClassificationReport.of(labels(reference, "truth"),
                labels(reference, "predicted"), classes);

        assertThat(report.classNames()).isEqualTo(classes);
        assertThat(report.rows()).isEqualTo(labels(reference, "truth").length);
        assertThat(report.accuracy()).isCloseTo(number(reference, "accuracy"), within(TOLERANCE));
        double[] precision = numbers(reference, "precision");
        double[] recall = numbers(reference, "recall");
        double[] f1 = numbers(reference, "f1");
        int[] support = labels(reference, "support");
        assertThat(report.perClass()).hasSize(classes.size());
        for (int c = 0; c < classes.size(); c++) {
            ClassificationReport.Scores scores = report.scores(c);
            assertThat(scores.label()).isEqualTo(classes.get(c));
            assertThat(scores.precision()).as("precision of %s", classes.get(c)).isCloseTo(precision[c], within(TOLERANCE));
            assertThat(scores.recall()).as("recall of %s", classes.get(c)).isCloseTo(recall[c], within(TOLERANCE));
            assertThat(scores.f1()).as("F1 of %s", classes.get(c)).isCloseTo(f1[c], within(TOLERANCE));
            assertThat(scores.support()).as("support of %s", classes.get(c)).isEqualTo(support[c]);
        }
        assertAverage(report.macroAverage(), reference, "macro");
        assertAverage(report.weightedAverage(), reference, "weighted");
        assertThat(report.confusionMatrix()).isDeepEqualTo(matrix(reference, "confusion"));
    }

    static void assertAverage(ClassificationReport.Scores average, Properties reference, String prefix) {
        assertThat(average.precision()).as(prefix + " precision")
                .isCloseTo(number(reference, prefix + ".precision"), within(TOLERANCE));
        assertThat(average.recall()).as(prefix + " recall")
                .isCloseTo(number(reference, prefix + ".recall"), within(TOLERANCE));
        assertThat(average.f1()).as(prefix + " F1").isCloseTo(number(reference, prefix + ".f1"), within(TOLERANCE));
    }

    /** The table has sklearn's rows and numbers; runs of spaces count as one, so layout is not pinned. */
    @ParameterizedTest
    @ValueSource(strings = {"binary_imbalanced", "three_classes", "ten_classes"})
    void formattedTableHasSklearnsRowsAndNumbers(String name) throws IOException {
        Properties reference = load(name);
        ClassificationReport report = ClassificationReport.of(labels(reference, "truth"),
                labels(reference, "predicted"), List.of(text(reference, "classes").split(",")));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(text(reference, "report.rows")); i++) {
            expected.add(text(reference, "report.row." + i));
        }
        assertThat(collapsedRows(report.format())).containsExactlyElementsOf(expected);
        assertThat(report.toString()).isEqualTo(report.format());
    }

    static List<String> collapsedRows(String table) {
        return table.lines().filter(line -> !line.isBlank()).map(line -> line.trim().replaceAll(" +", " ")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"regression_noisy", "regression_exact", "regression_constant"})
    void regressionMatchesSklearn(String name) throws IOException {
        Properties reference = load(name);
        RegressionReport report = RegressionReport.of(numbers(reference, "truth"), numbers(reference, "predicted"));
        assertThat(report.rows()).isEqualTo(Long.parseLong(text(reference, "rows")));
        assertThat(report.rmse()).isCloseTo(number(reference, "rmse"), within(TOLERANCE));
        assertThat(report.mae()).isCloseTo(number(reference, "mae"), within(TOLERANCE));
        assertThat(report.r2()).isCloseTo(number(reference, "r2"), within(TOLERANCE));
    }

    @Test
    void classificationRefusesMismatchedEmptyAndOutOfRangeInput() {
        List<String> classes = List.of("cat", "dog", "bird");
        assertThatThrownBy(() -> ClassificationReport.of(new int[] {0, 1}, new int[] {0}, classes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truth has 2 labels")
                .hasMessageContaining("predicted has 1");
        assertThatThrownBy(() -> ClassificationReport.of(new int[0], new int[0], classes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ClassificationReport.of(new int[] {0, 3}, new int[] {0, 1}, classes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truth[1] = 3")
                .hasMessageContaining("[0, 3)");
        assertThatThrownBy(() -> ClassificationReport.of(new int[] {0, 1}, new int[] {-1, 1}, classes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicted[0] = -1");
        assertThatThrownBy(() -> ClassificationReport.of(new int[] {0}, new int[] {0}, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classNames is empty");
    }

    @Test
    void regressionRefusesMismatchedEmptyAndNonFiniteInput() {
        assertThatThrownBy(() -> RegressionReport.of(new double[] {1, 2, 3}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truth has 3 values")
                .hasMessageContaining("predicted has 2");
        assertThatThrownBy(() -> RegressionReport.of(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> RegressionReport.of(new double[] {1, 2}, new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicted[1] = NaN");
    }

    /** A small case worked by hand: the table's rows carry these numbers, rounded half to even. */
    @Test
    void formattedTableOfAHandWorkedCase() {
        // cat: tp 2 of 3 predicted, 2 of 2 true; dog: tp 1 of 1 predicted, 1 of 2 true; bird: none.
        ClassificationReport report = ClassificationReport.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 0},
                List.of("cat", "dog", "bird"));
        assertThat(report.accuracy()).isEqualTo(0.75);
        ClassificationReport.Scores cat = report.scores(0);
        assertThat(cat.label()).isEqualTo("cat");
        assertThat(cat.precision()).isEqualTo(2 / 3.0);
        assertThat(cat.recall()).isEqualTo(1.0);
        assertThat(cat.f1()).isCloseTo(0.8, within(TOLERANCE));
        assertThat(cat.support()).isEqualTo(2);
        assertThat(report.scores(2)).isEqualTo(new ClassificationReport.Scores("bird", 0, 0, 0, 0));
        assertThat(collapsedRows(report.format())).containsExactly(
                "precision recall f1-score support",
                "cat 0.67 1.00 0.80 2",
                "dog 1.00 0.50 0.67 2",
                "bird 0.00 0.00 0.00 0",
                "accuracy 0.75 4",
                "macro avg 0.56 0.50 0.49 4",
                "weighted avg 0.83 0.75 0.73 4");
        // 0.125 is exact in binary; Python (and so sklearn) rounds it half to even.
        ClassificationReport eighth = ClassificationReport.of(new int[] {0, 1, 1, 1, 1, 1, 1, 1},
                new int[] {0, 0, 0, 0, 0, 0, 0, 0}, List.of("a", "b"));
        assertThat(eighth.scores(0).precision()).isEqualTo(0.125);
        assertThat(collapsedRows(eighth.format(2)).get(1)).isEqualTo("a 0.12 1.00 0.22 1");
        assertThat(collapsedRows(eighth.format(3)).get(1)).isEqualTo("a 0.125 1.000 0.222 1");
    }

    @Test
    void confusionMatrixTableHasClassNamesAsHeaders() {
        ClassificationReport report = ClassificationReport.of(new int[] {0, 0, 1, 1, 2}, new int[] {0, 1, 1, 1, 0},
                List.of("cat", "dog", "bird"));
        List<String> rows = collapsedRows(report.formatConfusionMatrix());
        assertThat(rows).containsExactly(
                "true \\ predicted cat dog bird",
                "cat 1 1 0",
                "dog 0 2 0",
                "bird 1 0 0");
        assertThat(report.confusion(2, 0)).isEqualTo(1);
        long[][] copy = report.confusionMatrix();
        copy[0][0] = 99;
        assertThat(report.confusion(0, 0)).as("the report keeps its own matrix").isEqualTo(1);
    }

    @Test
    void constantTruthScoresOneWhenPerfectAndZeroOtherwise() {
        // Three times 0.1 has a floating-point mean of 0.10000000000000002; the truth is constant all the same.
        assertThat(RegressionReport.of(new double[] {0.1, 0.1, 0.1}, new double[] {0.1, 0.1, 0.1}).r2()).isEqualTo(1.0);
        assertThat(RegressionReport.of(new double[] {0.1, 0.1, 0.1}, new double[] {0.1, 0.2, 0.1}).r2()).isEqualTo(0.0);
        RegressionReport report = RegressionReport.of(new double[] {1, 2, 3, 4}, new double[] {2, 2, 3, 2});
        assertThat(report.rmse()).isEqualTo(Math.sqrt(5 / 4.0));
        assertThat(report.mae()).isEqualTo(0.75);
        assertThat(report.r2()).isEqualTo(1 - 5 / 5.0);
    }
}
