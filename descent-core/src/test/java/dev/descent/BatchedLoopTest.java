package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.loop.Minimizer;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Sgd;
import dev.descent.schedule.ReduceOnPlateau;
import dev.descent.stop.StoppingRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop on a mean over data visited in batches: least squares {@code f(w) = mean_i (w - a_i)^2}
 * over the points {@code a_i}, with batch gradients computed by hand.
 */
class BatchedLoopTest {
    static final double[] POINTS = {1, 2, 3, 4, 5, 6, 7, 8};

    /** Batches of two points in the given order, the same every epoch. */
    static BatchedObjective pairs() {
        return new BatchedObjective() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public int batches() {
                return POINTS.length / 2;
            }

            @Override
            public Objective batch(long epoch, int batch) {
                double a = POINTS[2 * batch];
                double b = POINTS[2 * batch + 1];
                return Objectives.of(1, w -> ((w[0] - a) * (w[0] - a) + (w[0] - b) * (w[0] - b)) / 2,
                        (w, g) -> g[0] = (w[0] - a) + (w[0] - b));
            }
        };
    }

    @Test
    void aNaNGradientOnABatchEndsTheRunNamingTheBatchAndTheEpoch() {
        BatchedObjective pairs = pairs();
        BatchedObjective poisoned = new BatchedObjective() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public int batches() {
                return pairs.batches();
            }

            @Override
            public Objective batch(long epoch, int batch) {
                if (epoch == 1 && batch == 2) {
                    return Objectives.of(1, w -> 1.0, (w, g) -> g[0] = Double.NaN);
                }
                return pairs.batch(epoch, batch);
            }
        };
        Result result = Minimizer.using(new Sgd(0.1)).stoppingWhen(StoppingRules.maxEpochs(5))
                .minimize(poisoned, new double[] {0});
        assertThat(result.stopReason()).isEqualTo(StopReason.NON_FINITE);
        assertThat(result.detail()).isEqualTo("gradient entry 0 is NaN on batch 2 of epoch 2");
    }

    @Test
    void anEpochIsOneUpdatePerBatchAndItsValueTheMeanBatchLoss() {
        List<Double> batchLosses = new ArrayList<>();
        List<Double> epochValues = new ArrayList<>();
        double lr = 0.1;
        Result result = Minimizer.using(new Sgd(lr)).stoppingWhen(StoppingRules.maxEpochs(2)).listener(new Listener() {
            @Override
            public void onStep(Progress p) {
                batchLosses.add(p.value());
            }

            @Override
            public void onEpoch(Progress p) {
                epochValues.add(p.value());
            }
        }).returningLastPoint().minimize(pairs(), new double[] {0});
        // SGD by hand: w <- w - lr * ((w - a) + (w - b)) for each pair, two epochs
        double w = 0;
        List<Double> expected = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int k = 0; k < 4; k++) {
                double a = POINTS[2 * k];
                double b = POINTS[2 * k + 1];
                expected.add(((w - a) * (w - a) + (w - b) * (w - b)) / 2);
                w -= lr * ((w - a) + (w - b));
            }
        }
        assertThat(result.point()[0]).isEqualTo(w);
        assertThat(result.stopReason()).isEqualTo(StopReason.MAX_EPOCHS);
        assertThat(result.iterations()).isEqualTo(8);
        assertThat(result.epochs()).isEqualTo(2);
        assertThat(batchLosses).containsExactlyElementsOf(expected);
        assertThat(epochValues.get(1)).isEqualTo((expected.get(4) + expected.get(5) + expected.get(6) + expected.get(7)) / 4);
    }

    @Test
    void earlyStoppingReturnsThePointOfTheBestWatchedValue() {
        // the watched value is |w - 2|: the run passes w = 2 on its way to 4.5 and stops 3 epochs later
        List<double[]> points = new ArrayList<>();
        Result result = Minimizer.using(new Sgd(0.02)).monitoring(w -> Math.abs(w[0] - 2))
                .stoppingWhen(StoppingRules.maxEpochs(1000).or(StoppingRules.noImprovement(3)))
                .listener(new Listener() {
                    @Override
                    public void onStep(Progress p) {}

                    @Override
                    public void onEpoch(Progress p) {
                        points.add(p.point().clone());
                    }
                }).minimize(pairs(), new double[] {0});
        assertThat(result.stopReason()).isEqualTo(StopReason.NO_IMPROVEMENT);
        double best = points.stream().mapToDouble(p -> Math.abs(p[0] - 2)).min().orElseThrow();
        assertThat(Math.abs(result.point()[0] - 2)).isEqualTo(best);
        assertThat(points).hasSize((int) result.epochs());
        assertThat(Math.abs(points.get(points.size() - 4)[0] - 2)).isEqualTo(best);
    }

    @Test
    void aResumedRunEqualsTheUninterruptedOneToTheBit() {
        Minimizer loop = Minimizer.using(new Adam(0.3)).schedule(new ReduceOnPlateau(0.5, 1, 0, 0, 0))
                .stoppingWhen(StoppingRules.maxEpochs(30));
        Result whole = loop.minimize(pairs(), new double[] {-3});
        RunSnapshot[] atTen = new RunSnapshot[1];
        loop.stoppingWhen(StoppingRules.maxEpochs(10)).listener(new Listener() {
            @Override
            public void onStep(Progress p) {}

            @Override
            public void onEpoch(Progress p) {
                atTen[0] = p.snapshot();
            }
        }).minimize(pairs(), new double[] {-3});
        Result resumed = loop.resume(pairs(), atTen[0]);
        assertThat(Double.doubleToRawLongBits(resumed.point()[0])).isEqualTo(Double.doubleToRawLongBits(whole.point()[0]));
        assertThat(resumed.iterations()).isEqualTo(whole.iterations());
        assertThat(resumed.valueEvaluations()).isEqualTo(whole.valueEvaluations());
    }

    @Test
    void divergenceIsCaughtOnMiniBatchesToo() {
        Result result = Minimizer.using(new Sgd(1.5)).stoppingWhen(StoppingRules.maxEpochs(100)).minimize(pairs(),
                new double[] {0});
        assertThat(result.stopReason()).isIn(StopReason.DIVERGED, StopReason.NON_FINITE);
        assertThat(Double.isFinite(result.point()[0])).isTrue();
    }

    @Test
    void aMiniBatchRunCountsItsDivergenceInEpochs() {
        Result result = Minimizer.using(new Sgd(1.5)).stoppingWhen(StoppingRules.maxEpochs(100)).minimize(pairs(),
                new double[] {0});
        assertThat(result.stopReason()).isEqualTo(StopReason.DIVERGED);
        assertThat(result.detail()).matches("value \\S+ at epoch " + result.epochs() + " against best \\S+");
    }

    @Test
    void ruleThatNeedsTheWholeObjectiveRefusesBatches() {
        assertThatThrownBy(() -> Minimizer.using(Lbfgs.defaults()).minimize(pairs(), new double[] {0}))
                .hasMessageContaining("lbfgs takes full batches");
        assertThatThrownBy(() -> Minimizer.using(Lbfgs.defaults()).clipping(GradientClipping.byNorm(1)))
                .hasMessageContaining("gradient clipping does not apply to lbfgs");
        assertThatThrownBy(() -> Minimizer.using(Lbfgs.defaults()).schedule(dev.descent.schedule.Schedule.constant()))
                .hasMessageContaining("a schedule does not apply to lbfgs");
    }
}
