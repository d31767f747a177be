package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.loop.Minimizer;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.stop.StoppingRules;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gradient accumulation: K mini-batches per update give the update of one batch K times as large,
 * for a mean loss, including a short last batch that the row weights account for.
 */
class AccumulationTest {

    /** Least squares {@code (1/m) sum_i 1/2 (a_i . x - y_i)^2} over consecutive batches of {@code size} rows. */
    static BatchedObjective leastSquares(double[][] a, double[] y, int size) {
        int n = y.length;
        int batches = (n + size - 1) / size;
        return new BatchedObjective() {
            @Override
            public int dimension() {
                return a[0].length;
            }

            @Override
            public int batches() {
                return batches;
            }

            @Override
            public double weight(long epoch, int batch) {
                return Math.min(size, n - batch * size);
            }

            @Override
            public Objective batch(long epoch, int batch) {
                int from = batch * size;
                int to = Math.min(n, from + size);
                return Objectives.of(a[0].length, (x, g) -> {
                    java.util.Arrays.fill(g, 0);
                    double sum = 0;
                    for (int i = from; i < to; i++) {
                        double r = -y[i];
                        for (int j = 0; j < x.length; j++) {
                            r += a[i][j] * x[j];
                        }
                        sum += 0.5 * r * r;
                        for (int j = 0; j < x.length; j++) {
                            g[j] += r * a[i][j] / (to - from);
                        }
                    }
                    return sum / (to - from);
                });
            }
        };
    }

    private static double[][] rows(int n, int d, Random random) {
        double[][] a = new double[n][d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return a;
    }

    private static double[] run(Optimizer optimizer, BatchedObjective objective, int accumulate, int epochs) {
        Result result = Minimizer.using(optimizer).stoppingWhen(StoppingRules.maxEpochs(epochs)).returningLastPoint()
                .accumulating(accumulate).recordingTrace().minimize(objective, new double[objective.dimension()]);
        assertThat(result.stopReason()).isEqualTo(StopReason.MAX_EPOCHS);
        return result.point();
    }

    @Test
    void twoBatchesOfThirtyPerUpdateAreOneBatchOfSixtyIncludingTheShortLastBatch() {
        Random random = new Random(7);
        double[][] a = rows(100, 4, random);
        double[] y = new double[100];
        for (int i = 0; i < y.length; i++) {
            y[i] = a[i][0] - 2 * a[i][1] + 0.5 * a[i][3] + 0.1 * random.nextGaussian();
        }
        // batches of 30 rows: 30, 30, 30, 10; two per update: 60 and 40 rows, the batches of 60 rows
        for (Optimizer optimizer : new Optimizer[] {new Sgd(0.05).withMomentum(0.9), new Adam(0.01)}) {
            double[] accumulated = run(optimizer, leastSquares(a, y, 30), 2, 25);
            double[] large = run(optimizer, leastSquares(a, y, 60), 1, 25);
            double[] small = run(optimizer, leastSquares(a, y, 30), 1, 25);
            for (int j = 0; j < large.length; j++) {
                assertThat(accumulated[j]).as(optimizer.name() + " x" + j).isCloseTo(large[j],
                        org.assertj.core.data.Offset.offset(1e-13 * Math.max(1, Math.abs(large[j]))));
            }
            // and not what updating after every batch of 30 gives
            assertThat(Math.abs(small[0] - large[0])).isGreaterThan(1e-6);
        }
    }

    @Test
    void anUnweightedMeanOfTheShortLastBatchWouldDiffer() {
        // the same run with every batch weighted 1 departs from the large batch: the weights matter
        Random random = new Random(3);
        double[][] a = rows(100, 3, random);
        double[] y = new double[100];
        for (int i = 0; i < y.length; i++) {
            y[i] = a[i][0] + random.nextGaussian();
        }
        BatchedObjective weighted = leastSquares(a, y, 30);
        BatchedObjective unweighted = new BatchedObjective() {
            @Override
            public int dimension() {
                return weighted.dimension();
            }

            @Override
            public int batches() {
                return weighted.batches();
            }

            @Override
            public Objective batch(long epoch, int batch) {
                return weighted.batch(epoch, batch);
            }
        };
        Optimizer sgd = new Sgd(0.05);
        double[] large = run(sgd, leastSquares(a, y, 60), 1, 5);
        assertThat(Math.abs(run(sgd, unweighted, 2, 5)[0] - large[0])).isGreaterThan(1e-6);
        assertThat(run(sgd, weighted, 2, 5)[0]).isCloseTo(large[0], org.assertj.core.data.Offset.offset(1e-13));
    }

    @Test
    void accumulationCountsUpdatesAndNeedsMiniBatches() {
        double[][] a = rows(100, 2, new Random(1));
        double[] y = new double[100];
        Result result = Minimizer.using(new Sgd(0.01)).stoppingWhen(StoppingRules.maxEpochs(3)).accumulating(4)
                .recordingTrace().minimize(leastSquares(a, y, 10), new double[2]);
        assertThat(result.iterations()).isEqualTo(3 * 3); // ten batches an epoch: updates after 4, 8 and 10
        assertThatThrownBy(() -> Minimizer.using(new Sgd(0.01)).accumulating(0))
                .hasMessage("batches to accumulate must be at least 1: 0");
        assertThatThrownBy(() -> Minimizer.using(new Sgd(0.01)).accumulating(2)
                .minimize(leastSquares(a, y, 100), new double[2]))
                .hasMessageContaining("needs an objective of several batches");
    }
}
