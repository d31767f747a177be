package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.loop.Minimizer;
import dev.descent.optim.Adam;
import dev.descent.stop.StoppingRules;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The loop's float32 path: a float32 rule on an objective whose batches compute in float32 steps
 * {@code float[]} parameters, and the run has the bits of the same run on {@code double[]}.
 */
class Float32LoopTest {
    private static final int N = 5;

    /** Least squares in float32, {@code mean_i (w - a_i)^2} over batches of points; counts each path's calls. */
    private static BatchedObjective points(boolean float32, AtomicInteger floatCalls, AtomicInteger doubleCalls) {
        return new BatchedObjective() {
            @Override
            public int dimension() {
                return N;
            }

            @Override
            public int batches() {
                return 4;
            }

            @Override
            public boolean float32() {
                return float32;
            }

            @Override
            public Objective batch(long epoch, int batch) {
                float shift = 0.37f * (batch + 1) - 0.11f * epoch;
                return new Objective() {
                    @Override
                    public int dimension() {
                        return N;
                    }

                    @Override
                    public double valueAndGradient(double[] x, double[] gradientOut) {
                        doubleCalls.incrementAndGet();
                        float[] single = new float[N];
                        float[] gradient = new float[N];
                        for (int i = 0; i < N; i++) {
                            single[i] = (float) x[i];
                        }
                        double value = floatValue(single, gradient);
                        for (int i = 0; i < N; i++) {
                            gradientOut[i] = gradient[i];
                        }
                        return value;
                    }

                    @Override
                    public double valueAndGradient(float[] x, float[] gradientOut) {
                        floatCalls.incrementAndGet();
                        return floatValue(x, gradientOut);
                    }

                    private double floatValue(float[] x, float[] gradientOut) {
                        double value = 0;
                        for (int i = 0; i < N; i++) {
                            float residual = x[i] - shift * (i + 1);
                            value += (double) residual * residual;
                            gradientOut[i] = 2 * residual;
                        }
                        return value / N;
                    }
                };
            }
        };
    }

    private static Minimizer minimizer() {
        return Minimizer.using(new Adam(0.05).withAmsgrad(true).inFloat32().orElseThrow())
                .stoppingWhen(StoppingRules.maxEpochs(7)).returningLastPoint();
    }

    @Test
    void aFloat32RuleOnAFloat32ObjectiveStepsFloatArraysWithTheBitsOfDoubleArrays() {
        AtomicInteger floatCalls = new AtomicInteger();
        AtomicInteger doubleCalls = new AtomicInteger();
        double[] start = {1.1, -2.3, 0.7, 4.9, -0.2};
        Result single = minimizer().minimize(points(true, floatCalls, doubleCalls), start);
        assertThat(floatCalls.get()).isEqualTo(28);
        assertThat(doubleCalls.get()).isZero();

        Result wide = minimizer().minimize(points(false, floatCalls, doubleCalls), start);
        assertThat(doubleCalls.get()).isEqualTo(28);
        assertThat(single.point()).containsExactly(wide.point());
        assertThat(single.value()).isEqualTo(wide.value());
        assertThat(single.gradientNorm()).isEqualTo(wide.gradientNorm());
        for (double p : single.point()) {
            assertThat((double) (float) p).isEqualTo(p);
        }
        assertThat(single.point()).isNotEqualTo(start);
    }

    @Test
    void clippingKeepsTheRunOnDoubleArrays() {
        AtomicInteger floatCalls = new AtomicInteger();
        AtomicInteger doubleCalls = new AtomicInteger();
        minimizer().clipping(GradientClipping.byNorm(1e300)).minimize(points(true, floatCalls, doubleCalls),
                new double[N]);
        assertThat(floatCalls.get()).isZero();
        assertThat(doubleCalls.get()).isEqualTo(28);
    }

    @Test
    void aListenerReadingThePointMidEpochSeesTheFloat32Iterate() {
        AtomicInteger floatCalls = new AtomicInteger();
        AtomicInteger doubleCalls = new AtomicInteger();
        double[][] seen = new double[2][];
        for (int run = 0; run < 2; run++) {
            int index = run;
            java.util.List<Double> firsts = new java.util.ArrayList<>();
            minimizer().listener(new Listener() {
                @Override
                public void onStep(Progress progress) {
                    firsts.add(progress.point()[0]);
                    firsts.add(progress.gradient()[3]);
                }
            }).minimize(points(run == 0, floatCalls, doubleCalls), new double[] {1, 2, 3, 4, 5});
            seen[index] = firsts.stream().mapToDouble(Double::doubleValue).toArray();
        }
        assertThat(seen[0]).hasSize(2 * 28).containsExactly(seen[1]);
        assertThat(floatCalls.get()).isEqualTo(28);
    }
}
