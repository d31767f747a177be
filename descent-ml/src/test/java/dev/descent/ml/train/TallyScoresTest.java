package dev.descent.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ml.metrics.ClassificationReport;
import dev.descent.ml.metrics.RankingReport;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.LinearModel;
import dev.descent.ml.model.LogisticModel;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.SoftmaxModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A tally made with scores: its ROC AUC, average precision and log-loss do not depend on how the
 * rows were cut into blocks, and the per-epoch tally (without scores) is unchanged.
 */
class TallyScoresTest {

    static final int D = 3;
    /** Three blocks of Model.SUM_BLOCK_ROWS, the last short, as local scoring and Spark both cut them. */
    static final int N = 2 * Model.SUM_BLOCK_ROWS + 1234;

    static Batch binaryRows(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n * D];
        int[] labels = new int[n];
        double[] targets = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.1 ? 1 : 0;
            targets[i] = labels[i];
            for (int j = 0; j < D; j++) {
                // Rounded features make rows of equal score, so the ranking has ties to group.
                x[i * D + j] = Math.rint((random.nextGaussian() + (j == 0 ? 1.5 * labels[i] : 0)) * 2) / 2;
            }
        }
        return new Batch(x, n, D, targets, labels);
    }

    static Batch rows(Batch batch, int from, int to) {
        return new Batch(Arrays.copyOfRange(batch.features(), from * D, to * D), to - from, D,
                batch.targets() == null ? null : Arrays.copyOfRange(batch.targets(), from, to),
                Arrays.copyOfRange(batch.labels(), from, to));
    }

    static final double[] THETA = {0.8, -0.3, 0.2, -2.0};

    static Tally merged(Model model, Batch batch, int[] cuts) {
        Tally total = null;
        for (int b = 0; b + 1 < cuts.length; b++) {
            Tally next = Tally.of(model, THETA, rows(batch, cuts[b], cuts[b + 1]), true);
            total = total == null ? next : total.merge(next);
        }
        return total;
    }

    static void assertSameBits(RankingReport a, RankingReport b) {
        assertThat(Double.doubleToRawLongBits(a.rocAuc())).isEqualTo(Double.doubleToRawLongBits(b.rocAuc()));
        assertThat(Double.doubleToRawLongBits(a.averagePrecision()))
                .isEqualTo(Double.doubleToRawLongBits(b.averagePrecision()));
    }

    /** The blocks Spark scores and merges in order (SparkData.tally) give Tally.over's bits, log-loss included. */
    @Test
    void blocksMergedInOrderGiveTheBitsOfOneScoring() {
        Model model = new LogisticModel(D);
        Batch batch = binaryRows(N, 1);
        Tally over = Tally.over(model, THETA, batch, true);
        int b = Model.SUM_BLOCK_ROWS;
        Tally spark = merged(model, batch, new int[] {0, b, 2 * b, N});

        assertThat(over.rows()).isEqualTo(N);
        assertThat(Double.doubleToRawLongBits(spark.logLoss())).isEqualTo(Double.doubleToRawLongBits(over.logLoss()));
        assertThat(spark.positiveProbabilities()).isEqualTo(over.positiveProbabilities());
        assertThat(spark.labels()).isEqualTo(batch.labels());
        assertSameBits(spark.ranking(), over.ranking());
        assertThat(over.ranking().rocAuc()).isBetween(0.6, 1.0);
    }

    /** The ranking concatenates rows, so any cut, even one block of all rows, gives the same bits; the log-loss sum only rounds differently. */
    @Test
    void anyCutGivesTheSameRanking() {
        Model model = new LogisticModel(D);
        Batch batch = binaryRows(N, 2);
        Tally one = Tally.of(model, THETA, batch, true);
        Tally many = merged(model, batch, new int[] {0, 1, 700, 701, 9000, 20000, N - 3, N});
        Tally over = Tally.over(model, THETA, batch, true);

        assertThat(many.positiveProbabilities()).isEqualTo(one.positiveProbabilities());
        assertSameBits(many.ranking(), one.ranking());
        assertSameBits(over.ranking(), one.ranking());
        assertThat(many.logLoss()).isCloseTo(one.logLoss(), within(1e-12 * one.logLoss()));
        assertThat(over.logLoss()).isCloseTo(one.logLoss(), within(1e-12 * one.logLoss()));
        // And they are the scores of the rows' probabilities, computed directly.
        double[] p = one.positiveProbabilities();
        double[] twoColumns = new double[2 * p.length];
        for (int i = 0; i < p.length; i++) {
            twoColumns[2 * i] = 1 - p[i];
            twoColumns[2 * i + 1] = p[i];
        }
        assertThat(one.logLoss()).isEqualTo(ClassificationReport.logLoss(twoColumns, 2, batch.labels()));
        assertSameBits(one.ranking(), RankingReport.of(p, batch.labels()));
    }

    /** The epoch path is untouched: same loss and accuracy with or without scores, and no scores kept without them. */
    @Test
    void withoutScoresTheTallyIsTheEpochTally() {
        Model model = new LogisticModel(D);
        Batch batch = binaryRows(N, 3);
        Tally plain = Tally.over(model, THETA, batch);
        Tally scored = Tally.over(model, THETA, batch, true);

        assertThat(scored.metrics()).isEqualTo(plain.metrics());
        assertThat(scored.confusion()).isEqualTo(plain.confusion());
        assertThat(plain.hasScores()).isFalse();
        assertThat(plain.logLoss()).isNaN();
        assertThat(plain.ranking()).isNull();
        assertThatThrownBy(plain::positiveProbabilities).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> plain.merge(scored)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("with scores");
        // The scores are the model's view of the data, not its training loss.
        assertThat(scored.logLoss()).isCloseTo(scored.loss(), within(1e-9));
    }

    /** A tally travels to Spark's executors and back serialized; its scores come back whole. */
    @Test
    void scoresSurviveSerialization() throws IOException, ClassNotFoundException {
        Model model = new LogisticModel(D);
        Batch batch = binaryRows(5000, 4);
        Tally tally = Tally.of(model, THETA, batch, true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(tally);
        }
        Tally back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (Tally) in.readObject();
        }
        assertThat(back.positiveProbabilities()).isEqualTo(tally.positiveProbabilities());
        assertThat(back.logLoss()).isEqualTo(tally.logLoss());
        assertSameBits(back.ranking(), tally.ranking());
    }

    @Test
    void multiclassHasLogLossAndNoRanking() {
        Model model = new SoftmaxModel(2, 3);
        Random random = new Random(6);
        int n = 400;
        double[] x = new double[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(3);
            x[2 * i] = random.nextGaussian() + labels[i];
            x[2 * i + 1] = random.nextGaussian();
        }
        double[] theta = new double[model.parameterCount()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = random.nextGaussian();
        }
        Tally tally = Tally.over(model, theta, new Batch(x, n, 2, null, labels), true);
        assertThat(tally.ranking()).isNull();
        assertThat(tally.logLoss()).isPositive();
        // Softmax cross-entropy from logits and from the clipped probabilities agree where nothing is clipped.
        assertThat(tally.logLoss()).isCloseTo(tally.loss(), within(1e-9));
        assertThatThrownBy(tally::positiveProbabilities).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void regressionHasNeither() {
        Model model = new LinearModel(1);
        Tally tally = Tally.over(model, new double[] {1, 0}, new Batch(new double[] {1, 2}, 2, 1, new double[] {1, 3}, null),
                true);
        assertThat(tally.hasScores()).isTrue();
        assertThat(tally.logLoss()).isNaN();
        assertThat(tally.ranking()).isNull();
    }
}
