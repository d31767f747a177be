package dev.descent.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.ml.data.Encoding;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.metrics.ClassificationReport;
import dev.descent.ml.metrics.RankingReport;
import dev.descent.ml.model.LinearModel;
import dev.descent.ml.model.LogisticModel;
import dev.descent.ml.model.SoftmaxModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Evaluation.of scores a saved model's own probabilities: its log-loss and ranking are those of
 * SavedModel.predict's output, bit for bit (one block of rows sums in the same order).
 */
class EvaluationScoresTest {

    static Dataset rows(int n, List<String> classes, long seed) {
        Random random = new Random(seed);
        double[] x = new double[2 * n];
        double[] targets = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = classes.size() == 2 ? (random.nextDouble() < 0.15 ? 1 : 0)
                    : classes.isEmpty() ? 0 : random.nextInt(classes.size());
            targets[i] = labels[i];
            x[2 * i] = random.nextGaussian() + labels[i];
            x[2 * i + 1] = random.nextGaussian();
        }
        return new Dataset("rows", List.of("a", "b"), "y", x, targets, classes, classes.isEmpty() ? null : labels);
    }

    @Test
    void binaryEvaluationScoresThePredictedProbabilities() {
        List<String> classes = List.of("no", "yes");
        SavedModel model = new SavedModel(new LogisticModel(2), Encoding.numeric(List.of("a", "b")), "y", classes,
                null, null,
                new double[] {1.2, -0.4, -1.5});
        Dataset data = rows(3000, classes, 1);
        Evaluation evaluation = Evaluation.of("test", model, data);

        double[] probabilities = model.predict(data);
        double[] positive = new double[data.rows()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = probabilities[2 * i + 1];
        }
        RankingReport direct = RankingReport.of(positive, data.labels());
        assertThat(evaluation.ranking().rocAuc()).isEqualTo(direct.rocAuc());
        assertThat(evaluation.ranking().averagePrecision()).isEqualTo(direct.averagePrecision());
        assertThat(evaluation.logLoss()).isEqualTo(ClassificationReport.logLoss(probabilities, 2, data.labels()));
        assertThat(evaluation.ranking().positives()).isEqualTo(evaluation.classification().scores(1).support());
    }

    @Test
    void multiclassEvaluationHasLogLossAndNoRanking() {
        List<String> classes = List.of("r", "g", "b");
        SavedModel model = new SavedModel(new SoftmaxModel(2, 3), Encoding.numeric(List.of("a", "b")), "y", classes,
                null, null,
                new double[] {0.5, -0.2, 0.1, 0.3, 0.0, -0.6, 0.1, 0.0, -0.1});
        Dataset data = rows(500, classes, 2);
        Evaluation evaluation = Evaluation.of("test", model, data);
        assertThat(evaluation.ranking()).isNull();
        assertThat(evaluation.logLoss()).isEqualTo(ClassificationReport.logLoss(model.predict(data), 3, data.labels()));
    }

    @Test
    void regressionEvaluationHasNeither() {
        SavedModel model = new SavedModel(new LinearModel(2), Encoding.numeric(List.of("a", "b")), "y", List.of(), null, null,
                new double[] {1, 2, 0});
        Evaluation evaluation = Evaluation.of("test", model, rows(50, List.of(), 3));
        assertThat(evaluation.logLoss()).isNaN();
        assertThat(evaluation.ranking()).isNull();
    }

    @Test
    void aRankingNeedsATwoClassReport() {
        ClassificationReport three = ClassificationReport.of(new int[] {0, 1, 2}, new int[] {0, 1, 2}, List.of("a", "b", "c"));
        RankingReport ranking = RankingReport.of(new double[] {0.1, 0.9}, new int[] {0, 1});
        assertThatThrownBy(() -> new Evaluation("x", 3, 0.1, three, null, 0.2, ranking, -1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two classes");
        assertThat(new Evaluation("x", 3, 0.1, three, null).logLoss()).isNaN();
    }
}
