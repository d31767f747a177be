package dev.descent.average;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.BatchedObjective;
import dev.descent.Listener;
import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.Progress;
import dev.descent.Result;
import dev.descent.RunSnapshot;
import dev.descent.functions.TestFunctions;
import dev.descent.optim.Adam;
import dev.descent.optim.Sgd;
import dev.descent.stop.StoppingRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Averages against iterates worked out by hand: plain SGD with learning rate 1/2 on the 1-D least
 * squares {@code f_b(w) = (w - t_b)^2 / 2} over two batches {@code t = (2, 6)} visited in that order,
 * from {@code w = 0}. Every number below is a short binary fraction, so the averages are exact.
 */
class WeightAveragingTest {

    /** Batch b's gradient {@code w - t_b}. */
    static BatchedObjective twoTargets() {
        double[] targets = {2, 6};
        return new BatchedObjective() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public int batches() {
                return 2;
            }

            @Override
            public Objective batch(long epoch, int batch) {
                double t = targets[batch];
                return Objectives.of(1, w -> (w[0] - t) * (w[0] - t) / 2, (w, g) -> g[0] = w[0] - t);
            }
        };
    }

    // w_k = w_{k-1} - (w_{k-1} - t) / 2 with t = 2, 6, 2, 6, 2, 6:
    // w = 1, 3.5 | 2.75, 4.375 | 3.1875, 4.59375   (| ends an epoch)
    static final double[] ITERATES = {1, 3.5, 2.75, 4.375, 3.1875, 4.59375};

    /** The iterates and the average after every update, by a listener added after the average. */
    static List<double[]> run(AveragedPoint average, int epochs) {
        List<double[]> seen = new ArrayList<>();
        Minimizer.using(new Sgd(0.5)).stoppingWhen(StoppingRules.maxEpochs(epochs)).returningLastPoint()
                .listener(average).listener(new Listener() {
                    @Override
                    public void onStep(Progress p) {
                        seen.add(new double[] {p.point()[0], average.isEmpty() ? Double.NaN : average.point()[0]});
                    }
                }).minimize(twoTargets(), new double[] {0});
        return seen;
    }

    @Test
    void theEmaCopiesTheFirstUpdateThenWeighsEachNewPointByOneMinusDecay() {
        AveragedPoint ema = new ExponentialMovingAverage(0.75).init(1);
        List<double[]> seen = run(ema, 3);
        // a_1 = w_1 = 1 (a copy, no bias correction); a_k = 0.75 a_{k-1} + 0.25 w_k:
        // 0.75 * 1 + 0.25 * 3.5 = 1.625; 0.75 * 1.625 + 0.25 * 2.75 = 1.90625;
        // 0.75 * 1.90625 + 0.25 * 4.375 = 2.5234375; 0.75 * 2.5234375 + 0.25 * 3.1875 = 2.689453125;
        // 0.75 * 2.689453125 + 0.25 * 4.59375 = 3.16552734375
        double[] expected = {1, 1.625, 1.90625, 2.5234375, 2.689453125, 3.16552734375};
        assertThat(seen).hasSize(6);
        for (int k = 0; k < 6; k++) {
            assertThat(seen.get(k)[0]).as("w_%d", k + 1).isEqualTo(ITERATES[k]);
            assertThat(seen.get(k)[1]).as("ema after update %d", k + 1).isEqualTo(expected[k]);
        }
        assertThat(ema.count()).isEqualTo(6);
        assertThat(ema.point()).containsExactly(3.16552734375);
    }

    @Test
    void swaAveragesTheEpochEndPointsFromItsStartEpochCountedFromOne() {
        AveragedPoint swa = new StochasticWeightAveraging(2).init(1);
        List<Long> counts = new ArrayList<>();
        List<Double> averages = new ArrayList<>();
        Minimizer.using(new Sgd(0.5)).stoppingWhen(StoppingRules.maxEpochs(3)).returningLastPoint()
                .listener(swa).listener(new Listener() {
                    @Override
                    public void onStep(Progress p) {}

                    @Override
                    public void onEpoch(Progress p) {
                        counts.add(swa.count());
                        averages.add(swa.isEmpty() ? Double.NaN : swa.point()[0]);
                    }
                }).minimize(twoTargets(), new double[] {0});
        // epoch ends: 3.5 (epoch 1, before the start), 4.375 (epoch 2), 4.59375 (epoch 3)
        assertThat(counts).containsExactly(0L, 1L, 2L);
        assertThat(averages.get(1)).isEqualTo(4.375);
        assertThat(averages.get(2)).isEqualTo((4.375 + 4.59375) / 2);   // 4.375 + (4.59375 - 4.375) / 2 = 4.484375
        assertThat(swa.point()).containsExactly(4.484375);
    }

    @Test
    void swaFromEpochOneOfAFunctionIsTheMeanOfEveryIterate() {
        // minimizing a function, every iteration is an epoch: x_k = x_{k-1} / 2 on f = x^2 / 2 with lr 1/2
        Objective half = Objectives.of(1, x -> x[0] * x[0] / 2, (x, g) -> g[0] = x[0]);
        AveragedPoint swa = new StochasticWeightAveraging(1).init(1);
        AveragedPoint ema = new ExponentialMovingAverage(0.5).init(1);
        Result r = Minimizer.using(new Sgd(0.5)).stoppingWhen(StoppingRules.maxIterations(4)).listener(swa)
                .listener(ema).minimize(half, new double[] {8});
        assertThat(r.iterations()).isEqualTo(4);
        // iterates 4, 2, 1, 0.5: the mean is 1.875 = 4 + (2 - 4)/2 = 3, 3 + (1 - 3)/3, ... (rounded as torch does)
        double expected = 4;
        expected = expected + (2 - expected) / 2;
        expected = expected + (1 - expected) / 3;
        expected = expected + (0.5 - expected) / 4;
        assertThat(swa.point()[0]).isEqualTo(expected).isCloseTo(1.875, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(swa.count()).isEqualTo(4);
        // the start point (iteration 0, no update) is not in the EMA: 4, 3, 2, 1.25
        assertThat(ema.point()).containsExactly(1.25);
        assertThat(ema.count()).isEqualTo(4);
    }

    @Test
    void aRunResumedFromASnapshotWithItsAverageRestoredEndsWithTheSameBits() throws IOException {
        Objective rosenbrock = TestFunctions.byName("rosenbrock", 2);
        for (WeightAveraging averaging : List.of(new ExponentialMovingAverage(0.99), new StochasticWeightAveraging(50))) {
            for (boolean fullBatch : new boolean[] {true, false}) {
                Minimizer loop = Minimizer.using(fullBatch ? new Sgd(1e-3).withMomentum(0.9) : new Adam(0.01))
                        .stoppingWhen(StoppingRules.maxEpochs(120));
                BatchedObjective objective = fullBatch ? BatchedObjective.of(rosenbrock) : noisy(rosenbrock);
                AveragedPoint whole = averaging.init(2);
                loop.listener(whole).minimize(objective, new double[] {-1.2, 1});

                // the interrupted run: snapshot and average written at the end of epoch 70
                AveragedPoint first = averaging.init(2);
                RunSnapshot[] snapshot = new RunSnapshot[1];
                byte[][] saved = new byte[1][];
                loop.stoppingWhen(StoppingRules.maxEpochs(70)).listener(first).listener(new Listener() {
                    @Override
                    public void onStep(Progress p) {}

                    @Override
                    public void onEpoch(Progress p) {
                        if (p.epoch() == 70) {
                            snapshot[0] = p.snapshot();
                            saved[0] = bytes(first);
                        }
                    }
                }).minimize(objective, new double[] {-1.2, 1});
                AveragedPoint restored = averaging.restore(new DataInputStream(new ByteArrayInputStream(saved[0])));
                assertThat(restored.count()).isEqualTo(first.count());
                loop.listener(restored).resume(objective, snapshot[0]);

                assertThat(restored.count()).as(averaging.describe()).isEqualTo(whole.count()).isPositive();
                assertThat(Double.doubleToRawLongBits(restored.point()[0])).isEqualTo(Double.doubleToRawLongBits(whole.point()[0]));
                assertThat(Double.doubleToRawLongBits(restored.point()[1])).isEqualTo(Double.doubleToRawLongBits(whole.point()[1]));
            }
        }
    }

    /** Rosenbrock in 4 batches: the same function, shifted by a batch's own tilt that sums to 0 over the epoch. */
    static BatchedObjective noisy(Objective f) {
        double[] tilt = {0.3, -0.1, -0.4, 0.2};
        return new BatchedObjective() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public int batches() {
                return 4;
            }

            @Override
            public Objective batch(long epoch, int batch) {
                double s = tilt[(int) ((batch + epoch) % 4)];
                return Objectives.of(2, x -> f.value(x) + s * (x[0] - x[1]), (x, g) -> {
                    f.valueAndGradient(x, g);
                    g[0] += s;
                    g[1] -= s;
                });
            }
        };
    }

    static byte[] bytes(AveragedPoint average) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DataOutputStream data = new DataOutputStream(out)) {
                average.writeTo(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSavedAverageReadsBackExactlyAndOnlyIntoItsOwnRule() throws IOException {
        AveragedPoint ema = new ExponentialMovingAverage(0.999).init(3);
        ema.update(new double[] {1.0 / 3, -2, Math.PI});
        ema.update(new double[] {0.1, 0.2, 0.3});
        byte[] saved = bytes(ema);
        AveragedPoint back = new ExponentialMovingAverage(0.999).restore(new DataInputStream(new ByteArrayInputStream(saved)));
        assertThat(back.count()).isEqualTo(2);
        assertThat(back.point()).containsExactly(ema.point());
        assertThat(back.averaging()).isEqualTo(new ExponentialMovingAverage(0.999));

        assertThatThrownBy(() -> new ExponentialMovingAverage(0.99).restore(new DataInputStream(new ByteArrayInputStream(saved))))
                .isInstanceOf(IOException.class).hasMessage("the average was made with ema decay=0.999, not ema decay=0.99");
        assertThatThrownBy(() -> new StochasticWeightAveraging(10).restore(new DataInputStream(new ByteArrayInputStream(saved))))
                .hasMessage("the average was made with ema decay=0.999, not swa from epoch 10");
        assertThatThrownBy(() -> new StochasticWeightAveraging(10).restore(new DataInputStream(new ByteArrayInputStream(new byte[12]))))
                .hasMessageContaining("not a descent weight average");
    }

    @Test
    void badHyperParametersAreRefusedByNameAndRange() {
        for (double decay : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new ExponentialMovingAverage(decay)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("decay must be in (0, 1): " + decay);
        }
        assertThatThrownBy(() -> new StochasticWeightAveraging(0)).hasMessage("startEpoch must be at least 1: 0");
        assertThatThrownBy(() -> new ExponentialMovingAverage(0.9).init(0)).hasMessage("dimension must be at least 1: 0");
        assertThatThrownBy(() -> new ExponentialMovingAverage(0.9).init(2).update(new double[3]))
                .hasMessage("the point has 3 entries, the average 2");
    }

    @Test
    void anUpdateLeavesThePointAloneAndAllocatesNothing() {
        AveragedPoint ema = new ExponentialMovingAverage(0.9).init(1000);
        AveragedPoint swa = new StochasticWeightAveraging(1).init(1000);
        double[] point = new double[1000];
        for (int i = 0; i < point.length; i++) {
            point[i] = i * 0.5;
        }
        double[] copy = point.clone();
        for (int k = 0; k < 20_000; k++) {   // warm up: let the JIT compile the loops
            ema.update(point);
            swa.update(point);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int k = 0; k < 10_000; k++) {
            ema.update(point);
            swa.update(point);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated by 20,000 updates").isLessThan(1024);
        assertThat(point).containsExactly(copy);
        assertThat(ema.point()[7]).isEqualTo(3.5);   // the mean and the EMA of a constant are the constant
        assertThat(swa.point()[7]).isEqualTo(3.5);
    }
}
