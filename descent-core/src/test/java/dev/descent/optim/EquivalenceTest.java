package dev.descent.optim;

import static dev.descent.stop.StoppingRules.maxIterations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Special cases that must coincide bit for bit. */
class EquivalenceTest {

    private static List<double[]> points(Optimizer optimizer, Objective objective, double[] start, int steps) {
        Result result = Minimizer.using(optimizer).stoppingWhen(maxIterations(steps)).recordingTrace()
                .minimize(objective, start);
        assertThat(result.trace()).hasSize(steps + 1);
        return result.trace().stream().map(dev.descent.TraceStep::point).toList();
    }

    private static void assertSameBits(List<double[]> a, List<double[]> b) {
        assertThat(a).hasSameSizeAs(b);
        for (int k = 0; k < a.size(); k++) {
            for (int i = 0; i < a.get(k).length; i++) {
                assertThat(Double.doubleToRawLongBits(a.get(k)[i])).as("step %d coordinate %d", k, i)
                        .isEqualTo(Double.doubleToRawLongBits(b.get(k)[i]));
            }
        }
    }

    @Test
    void sgdWithMomentumZeroIsPlainSgdIsFixedStepGradientDescent() {
        double[] start = {-1.2, 1};
        List<double[]> momentumZero = points(new Sgd(5e-4).withMomentum(0).withDampening(0.3), Problems.ROSENBROCK, start, 200);
        List<double[]> plain = points(new Sgd(5e-4), Problems.ROSENBROCK, start, 200);
        List<double[]> gd = points(GradientDescent.fixed(5e-4), Problems.ROSENBROCK, start, 200);
        assertSameBits(momentumZero, plain);
        assertSameBits(plain, gd);
    }

    static java.util.stream.Stream<Optimizer> firstOrderRules() {
        return java.util.stream.Stream.of(new Adam(1e-2), new Adam(1e-2).withAmsgrad(true).withWeightDecay(0.1),
                new AdamW(1e-2), new Sgd(1e-2), new Sgd(1e-2).withMomentum(0.9).withNesterov(true),
                new RmsProp(1e-2).withMomentum(0.5).withCentered(true), new AdaGrad(1e-2), NAdam.defaults(),
                new RAdam(1e-2, 0.9, 0.999, 1e-8, 0.1), new Adamax(1e-2), new Adadelta(1.0, 0.9, 1e-6, 0, false),
                new Rprop(1e-2, 0.5, 1.2, 1e-6, 50, false), new Asgd(1e-2, 1e-4, 0.75, 2, 0, false), new Lion(1e-3));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("firstOrderRules")
    void aLongVectorSplitOverThreadsEqualsTheRuleOnItsPieces(Optimizer rule) {
        // above Ranges.PARALLEL_LENGTH the step runs on the Team; element-wise, so the same bits
        int n = 3 * Ranges.PARALLEL_LENGTH + 123;
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        double[] whole = random.doubles(n, -1, 1).toArray();
        double[] pieces = whole.clone();
        FirstOrderState long1 = (FirstOrderState) rule.init(n);
        int piece = Ranges.PARALLEL_LENGTH / 2;
        List<FirstOrderState> short1 = new java.util.ArrayList<>();
        for (int from = 0; from < n; from += piece) {
            short1.add((FirstOrderState) rule.init(Math.min(piece, n - from)));
        }
        for (int step = 0; step < 5; step++) {
            double[] g = random.doubles(n, -1, 1).toArray();
            long1.update(whole, g, 1e-2);
            for (int k = 0, from = 0; from < n; k++, from += piece) {
                int length = Math.min(piece, n - from);
                double[] p = java.util.Arrays.copyOfRange(pieces, from, from + length);
                short1.get(k).update(p, java.util.Arrays.copyOfRange(g, from, from + length), 1e-2);
                System.arraycopy(p, 0, pieces, from, length);
            }
        }
        assertThat(whole).containsExactly(pieces);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("firstOrderRules")
    void aLongFloat32VectorSplitOverThreadsEqualsTheFloat32RuleOnItsPieces(Optimizer rule) {
        Optimizer single = rule.inFloat32().orElseThrow();
        int n = 3 * Ranges.PARALLEL_LENGTH + 123;
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        float[] whole = floats(random, n);
        float[] pieces = whole.clone();
        FirstOrderState long1 = (FirstOrderState) single.init(n);
        int piece = Ranges.PARALLEL_LENGTH / 2;
        List<FirstOrderState> short1 = new java.util.ArrayList<>();
        for (int from = 0; from < n; from += piece) {
            short1.add((FirstOrderState) single.init(Math.min(piece, n - from)));
        }
        for (int step = 0; step < 5; step++) {
            float[] g = floats(random, n);
            long1.update(whole, g, 1e-2);
            for (int k = 0, from = 0; from < n; k++, from += piece) {
                int length = Math.min(piece, n - from);
                float[] p = java.util.Arrays.copyOfRange(pieces, from, from + length);
                short1.get(k).update(p, java.util.Arrays.copyOfRange(g, from, from + length), 1e-2);
                System.arraycopy(p, 0, pieces, from, length);
            }
        }
        assertThat(java.util.Arrays.mismatch(whole, pieces)).as("the first entry that differs").isEqualTo(-1);
    }

    private static float[] floats(java.util.SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    @Test
    void adamWWithDecayZeroIsAdam() {
        double[] start = {-1.2, 1};
        assertSameBits(points(new AdamW(0.01).withWeightDecay(0), Problems.ROSENBROCK, start, 200),
                points(new Adam(0.01), Problems.ROSENBROCK, start, 200));
        assertSameBits(points(new AdamW(0.01).withWeightDecay(0).withAmsgrad(true).withBetas(0.8, 0.99), Problems.BOWL,
                        new double[] {1, -2, 3, -4}, 200),
                points(new Adam(0.01).withAmsgrad(true).withBetas(0.8, 0.99), Problems.BOWL, new double[] {1, -2, 3, -4}, 200));
    }

    @Test
    void firstStepsByHand() {
        // SGD momentum 0.9, lr 0.1 on f = 0.5 x^2 from x = 1: b1 = 1, x1 = 0.9; b2 = 0.9*1 + 0.9 = 1.8, x2 = 0.9 - 0.18 = 0.72
        Objective half = dev.descent.Objectives.of(1, x -> 0.5 * x[0] * x[0], (x, g) -> g[0] = x[0]);
        List<double[]> sgd = points(new Sgd(0.1).withMomentum(0.9), half, new double[] {1}, 2);
        assertThat(sgd.get(1)[0]).isEqualTo(0.9);
        assertThat(sgd.get(2)[0]).isCloseTo(0.72, org.assertj.core.data.Offset.offset(1e-15));
        // Adam's first step moves every coordinate by lr * g / (|g| + eps): almost exactly lr
        List<double[]> adam = points(new Adam(0.1), half, new double[] {1}, 1);
        assertThat(adam.get(1)[0]).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-8));
        // AdaGrad's first step: lr * g / sqrt(g^2) = lr
        List<double[]> adagrad = points(new AdaGrad(0.1), half, new double[] {2}, 1);
        assertThat(adagrad.get(1)[0]).isCloseTo(1.9, org.assertj.core.data.Offset.offset(1e-10));
    }
}
