package dev.descent.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RankingReport's definitions checked by brute force, its refusals, and log-loss's clipping. */
class RankingReportTest {

    /**
     * The ROC AUC is the Mann-Whitney statistic: over all (positive, negative) pairs, 1 when the
     * positive scores higher, 1/2 on a tie. Counted pair by pair, in integers, it is an exact
     * ratio, so the sort-once computation must give the same double.
     */
    @Test
    void rocAucIsTheShareOfCorrectlyOrderedPairs() {
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int n = 50 + random.nextInt(200);
            double[] scores = new double[n];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextDouble() < 0.2 ? 1 : 0;
                scores[i] = Math.floor((random.nextGaussian() + labels[i]) * 4) / 4; // coarse, so ties are many
            }
            labels[0] = 1;
            labels[1] = 0;
            long twice = 0;
            long positives = 0;
            for (int i = 0; i < n; i++) {
                positives += labels[i];
                for (int j = 0; j < n; j++) {
                    if (labels[i] == 1 && labels[j] == 0) {
                        twice += scores[i] > scores[j] ? 2 : scores[i] == scores[j] ? 1 : 0;
                    }
                }
            }
            double expected = twice / (2.0 * positives * (n - positives));
            assertThat(RankingReport.of(scores, labels).rocAuc()).as("trial %d", trial).isEqualTo(expected);
        }
    }

    /** Average precision by its definition, a threshold at a time, rescanning every row for each. */
    @Test
    void averagePrecisionIsPrecisionWeightedByRecallSteps() {
        double[] scores = {0.9, 0.8, 0.8, 0.8, 0.7, 0.4, 0.4, 0.2, 0.1, 0.1};
        int[] labels = {1, 0, 1, 1, 0, 1, 0, 0, 1, 0};
        double expected = 0;
        double previousRecall = 0;
        for (double threshold : new double[] {0.9, 0.8, 0.7, 0.4, 0.2, 0.1}) {
            int tp = 0;
            int predicted = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= threshold) {
                    predicted++;
                    tp += labels[i];
                }
            }
            double recall = tp / 5.0;
            expected += (recall - previousRecall) * tp / predicted;
            previousRecall = recall;
        }
        // Recall steps 1/5, 2/5, 0, 1/5, 0, 1/5 at precisions 1, 3/4, -, 4/7, -, 5/10.
        assertThat(expected).isCloseTo((1 + 2 * 0.75 + 4.0 / 7 + 0.5) / 5, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(RankingReport.of(scores, labels).averagePrecision())
                .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void negativeZeroTiesWithZero() {
        RankingReport ranking = RankingReport.of(new double[] {-0.0, 0.0, 1.0}, new int[] {1, 0, 1});
        assertThat(ranking.rocAuc()).isEqualTo(0.75);
        assertThat(RankingReport.of(new double[] {0.0, -0.0, 1.0}, new int[] {1, 0, 1}).rocAuc()).isEqualTo(0.75);
    }

    @Test
    void readsItsArraysWithoutChangingThem() {
        double[] scores = {0.3, 0.1, 0.2};
        int[] labels = {0, 1, 1};
        RankingReport.of(scores, labels);
        assertThat(scores).containsExactly(0.3, 0.1, 0.2);
        assertThat(labels).containsExactly(0, 1, 1);
    }

    @Test
    void refusesWhatCannotBeRanked() {
        assertThatThrownBy(() -> RankingReport.of(new double[] {0.1}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pair up row by row");
        assertThatThrownBy(() -> RankingReport.of(new double[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rows");
        assertThatThrownBy(() -> RankingReport.of(new double[] {0.1, Double.NaN}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores[1] = NaN");
        assertThatThrownBy(() -> RankingReport.of(new double[] {0.1, 0.2}, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1] = 2");
        assertThatThrownBy(() -> RankingReport.predictedClasses(new double[3], 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two probabilities a row");
        assertThatThrownBy(() -> RankingReport.predictedClasses(new double[2], Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    /** A true class given probability 0 costs -ln(eps) = 52 ln 2, not infinity; a certain right answer costs -ln(1 - eps). */
    @Test
    void logLossClipsToEpsilon() {
        assertThat(ClassificationReport.LOG_LOSS_EPSILON).isEqualTo(Math.ulp(1.0));
        assertThat(ClassificationReport.logLoss(new double[] {0, 1}, 2, new int[] {0}))
                .isEqualTo(-Math.log(ClassificationReport.LOG_LOSS_EPSILON));
        assertThat(ClassificationReport.logLoss(new double[] {1, 0}, 2, new int[] {0}))
                .isEqualTo(-Math.log(1 - ClassificationReport.LOG_LOSS_EPSILON));
        assertThatThrownBy(() -> ClassificationReport.logLoss(new double[] {0.5, 0.5}, 2, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 probabilities are not 2 for each of 2 rows");
        assertThatThrownBy(() -> ClassificationReport.logLoss(new double[] {0.5, 0.5}, 2, new int[] {2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[0] = 2");
    }

    /** Balanced accuracy leaves out a class that is only predicted, where the macro recall counts it as 0. */
    @Test
    void balancedAccuracyLeavesOutClassesAbsentFromTheTruth() {
        ClassificationReport report = ClassificationReport.of(new int[] {0, 0, 0, 1}, new int[] {0, 2, 0, 1},
                List.of("a", "b", "c"));
        assertThat(report.balancedAccuracy()).isEqualTo((2.0 / 3 + 1) / 2);
        assertThat(report.macroAverage().recall()).isEqualTo((2.0 / 3 + 1 + 0) / 3);
        assertThat(report.baselineAccuracy(0)).isEqualTo(0.75);
        assertThatThrownBy(() -> report.baselineAccuracy(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
