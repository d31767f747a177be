package dev.descent.l1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.BatchedObjective;
import dev.descent.L1Penalty;
import dev.descent.Objective;
import dev.descent.Result;
import dev.descent.loop.Minimizer;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.Asgd;
import dev.descent.optim.Lion;
import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.ParameterGroups;
import dev.descent.optim.RAdam;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Rprop;
import dev.descent.optim.Sgd;
import dev.descent.schedule.Exponential;
import dev.descent.schedule.Schedule;
import dev.descent.stop.StoppingRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first-order rules with an L1 term ({@link Minimizer#l1}): each rule's proximal step
 * ({@link OptimizerState#proximalSteps}) or, for the sign rules, the orthant-wise step, takes it to the
 * optimum of a separable problem whose solution is known in closed form, with exactly its zeros; each
 * rule's {@code d_i} is the factor its update applied, checked against the iterates themselves.
 *
 * <p>The problem: {@code F(x) = 1/2 sum_i h_i (x_i - a_i)^2 + c sum_i |x_i|}, minimized coordinate by
 * coordinate by {@code x_i = S(a_i, c / h_i)} (the soft threshold: {@code x_i = 0} exactly when
 * {@code h_i |a_i| <= c}, the subgradient condition {@code 0 in h_i (0 - a_i) + c [-1, 1]}).
 */
class ProximalRulesTest {
    static final double[] H = {1, 2, 0.5, 4, 1, 3};
    static final double[] A = {3, -0.2, 1, -2, 0.05, 0.5};
    /** Coordinate 0 starts at 0 and must leave it; coordinate 4 starts away from 0 and must reach it. */
    static final double[] START = {0, 1, -1, 1, 1, -1};

    /** {@code f(x) = 1/2 sum h_i (x_i - a_i)^2}. */
    static Objective quadratic(double[] a) {
        return new Objective() {
            @Override
            public int dimension() {
                return H.length;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                double f = 0;
                for (int i = 0; i < H.length; i++) {
                    double r = x[i] - a[i];
                    f += 0.5 * H[i] * r * r;
                    g[i] = H[i] * r;
                }
                return f;
            }
        };
    }

    /**
     * The minimum of {@code 1/2 sum h_i (x_i - a_i)^2 + lambda/2 |x|^2 + c |x|_1}: per coordinate,
     * {@code S(h_i a_i / (h_i + lambda), c / (h_i + lambda))}, from the subgradient condition
     * {@code 0 in (h_i + lambda) x_i - h_i a_i + c d|x_i|}.
     */
    static double[] optimum(double c, double lambda) {
        double[] x = new double[H.length];
        for (int i = 0; i < H.length; i++) {
            double v = H[i] * A[i] / (H[i] + lambda);
            double t = c / (H[i] + lambda);
            x[i] = v > t ? v - t : v < -t ? v + t : 0;
        }
        return x;
    }

    /**
     * A rule, its schedule (null for none), its iterations, the decay {@code lambda} of the L2 term its
     * update carries (ASGD's lambd) and the tolerance on each coordinate.
     */
    static Stream<Arguments> rules() {
        int[] grouped = {1, 3, 4};
        return Stream.of(
                Arguments.of(new Sgd(0.1), null, 1000, 0.0, 1e-9),
                Arguments.of(new Sgd(0.02).withMomentum(0.9), null, 3000, 0.0, 1e-9),
                Arguments.of(new Sgd(0.02).withMomentum(0.9).withNesterov(true), null, 3000, 0.0, 1e-9),
                Arguments.of(new Sgd(0.02).withMomentum(0.8).withDampening(0.5), null, 3000, 0.0, 1e-9),
                Arguments.of(new Adam(0.01), new Exponential(0.9998), 60000, 0.0, 1e-9),
                Arguments.of(new Adam(0.01).withAmsgrad(true), new Exponential(0.9998), 60000, 0.0, 1e-9),
                // AdamW's decoupled decay moves the optimum off f + L1's: without it, the L1 term's alone
                Arguments.of(new AdamW(0.01).withWeightDecay(0), new Exponential(0.9998), 60000, 0.0, 1e-9),
                Arguments.of(new RmsProp(0.01), new Exponential(0.9998), 60000, 0.0, 1e-9),
                Arguments.of(new RmsProp(0.01).withMomentum(0.5), new Exponential(0.9998), 60000, 0.0, 1e-9),
                // at the optimum the smooth gradient holds still at -c sign(x_i), so the centered variance
                // sqrt(v - a^2) tends to 0 and the step to lr / eps: eps must keep lr h_i / eps below 2
                Arguments.of(new RmsProp(0.01).withCentered(true).withEpsilon(0.1), null, 20000, 0.0, 1e-9),
                Arguments.of(new AdaGrad(1.0), null, 20000, 0.0, 1e-9),
                Arguments.of(new Adamax(0.01), new Exponential(0.9998), 60000, 0.0, 1e-9),
                Arguments.of(new NAdam(0.01), new Exponential(0.9998), 60000, 0.0, 1e-9),
                Arguments.of(new RAdam(0.01), new Exponential(0.9998), 60000, 0.0, 1e-9),
                Arguments.of(new Adadelta(0.3), null, 40000, 0.0, 1e-9),
                Arguments.of(new Asgd(0.1), null, 3000, 1e-4, 1e-9),
                Arguments.of(new Rprop(0.01, 0.5, 1.2, 1e-12, 50, false), null, 2000, 0.0, 1e-9),
                Arguments.of(new Lion(0.01), new Exponential(0.9998), 100000, 0.0, 1e-9),
                Arguments.of(ParameterGroups.of(new Sgd(0.1)).group(grouped, new Sgd(0.02).withMomentum(0.9)), null,
                        3000, 0.0, 1e-9),
                Arguments.of(ParameterGroups.of(new Adam(0.01)).group(grouped, new Adam(0.02)),
                        new Exponential(0.9998), 60000, 0.0, 1e-9));
    }

    @ParameterizedTest(name = "{0}, c = 0.3")
    @MethodSource("rules")
    void reachesTheOptimumWithItsZerosAtStrength03(Optimizer rule, Schedule schedule, int iterations, double lambda,
                                                   double tolerance) {
        reachesTheOptimum(rule, schedule, iterations, lambda, tolerance, 0.3);
    }

    /** At c = 0.7 coordinates 1, 2 and 4 are 0 at the optimum. */
    @ParameterizedTest(name = "{0}, c = 0.7")
    @MethodSource("rules")
    void reachesTheOptimumWithItsZerosAtStrength07(Optimizer rule, Schedule schedule, int iterations, double lambda,
                                                   double tolerance) {
        reachesTheOptimum(rule, schedule, iterations, lambda, tolerance, 0.7);
    }

    private static void reachesTheOptimum(Optimizer rule, Schedule schedule, int iterations, double lambda,
                                          double tolerance, double c) {
        Minimizer loop = Minimizer.using(rule).l1(L1Penalty.uniform(H.length, c))
                .stoppingWhen(StoppingRules.maxIterations(iterations)).returningLastPoint();
        if (schedule != null) {
            loop = loop.schedule(schedule);
        }
        Result result = loop.minimize(quadratic(A), START);
        double[] expected = optimum(c, lambda);
        double[] x = result.point();
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i]).as("%s: x_%d (%s)", rule.describe(), i, result).isCloseTo(expected[i],
                    org.assertj.core.data.Offset.offset(tolerance));
            if (expected[i] == 0) {
                assertThat(Math.abs(x[i])).as("%s: x_%d is exactly 0", rule.describe(), i).isEqualTo(0.0);
            } else {
                assertThat(x[i]).as("%s: x_%d is not 0", rule.describe(), i).isNotEqualTo(0.0);
            }
        }
    }

    /**
     * What one update moved a variable by, {@code x_before - x_after}, in terms of the step {@code d}
     * that {@link OptimizerState#proximalSteps} reports, from the rule's published update after
     * {@code t} updates with the same gradient {@code g} from 0.
     */
    @FunctionalInterface
    interface Moved {
        double of(double d, double g, double before, int t);
    }

    /** {@code d} times the direction {@code w g}: the rule's direction is {@code w} times the gradient. */
    static Moved along(java.util.function.IntToDoubleFunction w) {
        return (d, g, before, t) -> d * w.applyAsDouble(t) * g;
    }

    static final double BETA1 = 0.9;

    /**
     * The rules with a proximal step and how far their update moves a variable. With a constant gradient
     * {@code g} from a fresh state, Adam's family has {@code m_t = (1 - beta1^t) g}; SGD's buffer is
     * {@code b_t = (1 - mu^t) / (1 - mu) g} (dampening 0), whose direction {@code (1 - mu) b_t} is
     * {@code (1 - mu^t) g}; Nesterov's step {@code g + mu b_t} times {@code 1 - mu} is
     * {@code (1 - mu^{t+1}) g}.
     */
    static Stream<Arguments> steppedRules() {
        double mu = 0.9;
        double lambd = 1e-4;
        Moved plain = along(t -> 1);
        Moved moment = along(t -> 1 - Math.pow(BETA1, t));
        return Stream.of(
                Arguments.of(new Sgd(0.1), plain, 7),
                Arguments.of(new Sgd(0.1).withMomentum(mu), along(t -> 1 - Math.pow(mu, t)), 7),
                Arguments.of(new Sgd(0.1).withMomentum(mu).withNesterov(true), along(t -> 1 - Math.pow(mu, t + 1)), 7),
                // b_t = 0.8^{t-1} g + 0.5 (1 - 0.8^{t-1}) / 0.2 g, the direction 0.2 / 0.5 b_t
                Arguments.of(new Sgd(0.1).withMomentum(0.8).withDampening(0.5),
                        along(t -> 0.4 * Math.pow(0.8, t - 1) + 1 - Math.pow(0.8, t - 1)), 7),
                Arguments.of(new Adam(0.01), moment, 7),
                Arguments.of(new Adam(0.01).withAmsgrad(true), moment, 7),
                // AdamW: theta (1 - lr wd) - d m, so the move is lr wd theta + d m
                Arguments.of(new AdamW(0.01).withWeightDecay(0.1),
                        (Moved) (d, g, before, t) -> 0.01 * 0.1 * before + d * (1 - Math.pow(BETA1, t)) * g, 7),
                Arguments.of(new RmsProp(0.01), plain, 7),
                Arguments.of(new RmsProp(0.01).withCentered(true), plain, 7),
                // at step 1 the buffer is g / denominator: the direction (1 - momentum) denominator b = 0.5 g
                Arguments.of(new RmsProp(0.01).withMomentum(0.5), along(t -> 0.5), 1),
                Arguments.of(new AdaGrad(0.1, 0.01, 0, 0.1, 1e-10, false), plain, 7),
                Arguments.of(new Adamax(0.01), moment, 7),
                Arguments.of(new NAdam(0.01), along(ProximalRulesTest::nadamWeight), 7),
                Arguments.of(new RAdam(0.01), moment, 1),
                Arguments.of(new RAdam(0.01), moment, 7),
                Arguments.of(new Adadelta(1.0), plain, 7),
                // theta (1 - lambd eta) - eta g: the move is eta (g + lambd theta)
                Arguments.of(new Asgd(0.1), (Moved) (d, g, before, t) -> d * (g + lambd * before), 7),
                Arguments.of(ParameterGroups.of(new Sgd(0.1)).group(new int[] {1, 3}, new Sgd(0.05)), plain, 7),
                Arguments.of(ParameterGroups.of(new Adam(0.01)).group(new int[] {0, 4}, new Adam(0.03)), moment, 7));
    }

    /**
     * NAdam's move over {@code d = (A + B) / denominator}: {@code (A g + B m_t) / (A + B)} with
     * {@code m_t = (1 - beta1^t) g}, {@code A = lr (1 - mu_t) / (1 - P_t)}, {@code B = lr mu_{t+1} / (1 - Q_t)},
     * {@code mu_t = beta1 (1 - 0.5 * 0.96^(0.004 t))}, {@code P_t = mu_1 ... mu_t},
     * {@code Q_t = P_t mu_t mu_{t+1}} (PyTorch 1.13's torch.optim.NAdam).
     */
    static double nadamWeight(int t) {
        double product = 1;
        for (int k = 1; k <= t; k++) {
            product *= BETA1 * (1 - 0.5 * Math.pow(0.96, k * 0.004));
        }
        double mu = BETA1 * (1 - 0.5 * Math.pow(0.96, t * 0.004));
        double muNext = BETA1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * 0.004));
        double a = (1 - mu) / (1 - product);
        double b = muNext / (1 - product * mu * muNext);
        return (a + b * (1 - Math.pow(BETA1, t))) / (a + b);
    }

    static final double[] G = {0.7, -2.5, 0.03, 1.2, -0.4};

    /**
     * {@code d_i} is the factor of the update: after {@code t} updates with the gradient {@link #G} from 0,
     * the last one moved each variable by the amount the rule's published update gives in terms of
     * {@code d_i}, to rounding.
     */
    @ParameterizedTest(name = "{0}, step {2}")
    @MethodSource("steppedRules")
    void theStepIsTheFactorOfTheUpdate(Optimizer rule, Moved moved, int t) {
        int n = G.length;
        OptimizerState state = rule.init(n);
        assertThat(state.stepsBySign()).isFalse();
        double[] x = new double[n];
        for (int k = 1; k < t; k++) {
            state.update(x, G, rule.learningRate());
        }
        double[] before = x.clone();
        state.update(x, G, rule.learningRate());
        double[] d = new double[n];
        state.proximalSteps(d);
        for (int i = 0; i < n; i++) {
            assertThat(d[i]).as("%s: d_%d", rule.describe(), i).isPositive();
            double expected = moved.of(d[i], G[i], before[i], t);
            assertThat(before[i] - x[i]).as("%s: the move of x_%d at step %d, d_%d = %s", rule.describe(), i, t, i, d[i])
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(expected)));
        }
    }

    /** The same in each rule's float32 form, its steps computed from its float buffers. */
    @ParameterizedTest(name = "{0}, step {2}")
    @MethodSource("steppedRules")
    void theStepIsTheFactorOfTheFloat32Update(Optimizer rule, Moved moved, int t) {
        int n = G.length;
        OptimizerState state = rule.inFloat32().orElseThrow().init(n);
        float[] x = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) G[i];
        }
        for (int k = 1; k < t; k++) {
            state.update(x, g, rule.learningRate());
        }
        float[] before = x.clone();
        state.update(x, g, rule.learningRate());
        double[] d = new double[n];
        state.proximalSteps(d);
        for (int i = 0; i < n; i++) {
            double expected = moved.of(d[i], g[i], before[i], t);
            // float32 iterates: the move is the difference of two floats, each within 6e-8 of its value
            assertThat((double) before[i] - x[i]).as("%s in float32: the move of x_%d at step %d", rule.describe(), i, t)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-5 * Math.abs(expected)));
        }
    }

    /**
     * RAdam's rectified step from the paper's formula: at step 7 with a constant gradient,
     * {@code v_7 = (1 - beta2^7) g^2} and {@code d = lr r_7 sqrt(1 - beta2^7) / ((1 - beta1^7) (|g| sqrt(1 - beta2^7) + eps))}.
     */
    @Test
    void radamsRectifiedStepIsThePapers() {
        double lr = 0.01;
        double beta2 = 0.999;
        double eps = 1e-8;
        int t = 7;
        OptimizerState state = new RAdam(lr).init(G.length);
        double[] x = new double[G.length];
        for (int k = 0; k < t; k++) {
            state.update(x, G, lr);
        }
        double[] d = new double[G.length];
        state.proximalSteps(d);
        double bc2 = 1 - Math.pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rho = rhoInf - 2 * t * Math.pow(beta2, t) / bc2;
        assertThat(rho).isGreaterThan(5);
        double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
        for (int i = 0; i < G.length; i++) {
            double expected = lr * r * Math.sqrt(bc2) / ((1 - Math.pow(BETA1, t)) * (Math.abs(G[i]) * Math.sqrt(bc2) + eps));
            assertThat(d[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * expected));
        }
    }

    /** Adam's first step from the paper's formula: {@code d = lr / ((1 - beta1) (|g| + eps))}. */
    @Test
    void adamsFirstStepIsThePapers() {
        OptimizerState state = new Adam(0.01).init(G.length);
        state.update(new double[G.length], G, 0.01);
        double[] d = new double[G.length];
        state.proximalSteps(d);
        for (int i = 0; i < G.length; i++) {
            double expected = 0.01 / ((1 - BETA1) * (Math.abs(G[i]) + 1e-8));
            assertThat(d[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * expected));
        }
    }

    /** Rprop and Lion (also in groups, and in float32) step by sign and have no proximal step. */
    @Test
    void theSignRulesStepBySign() {
        for (Optimizer rule : new Optimizer[] {new Rprop(0.01), new Lion(0.01),
                ParameterGroups.of(new Lion(0.01)).group(new int[] {1}, new Lion(0.02)),
                new Rprop(0.01).inFloat32().orElseThrow(), new Lion(0.01).inFloat32().orElseThrow()}) {
            OptimizerState state = rule.init(G.length);
            assertThat(state.stepsBySign()).as(rule.describe()).isTrue();
            state.update(new double[G.length], G, 0.01);
            assertThatThrownBy(() -> state.proximalSteps(new double[G.length]))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    /**
     * Adam on mini-batches (the loop's batch path): batch {@code b} is the quadratic about
     * {@code a + e_b}, the shifts {@code e_b} summing to 0, so the epoch's mean is {@code f} plus a
     * constant and {@code F}'s minimum is {@code S(a_i, c / h_i)}. With c = 0.7 coordinates 1, 2 and 4
     * are 0 there, and every batch's gradient at 0 has {@code |h_i (a_i + e_b,i)| < c} in them (at most
     * 0.6), so each batch's proximal step keeps them at exactly 0.
     */
    @Test
    void adamOnMiniBatchesReachesTheZerosExactly() {
        double c = 0.7;
        double[][] shifts = {{0.1, -0.1, 0.1, -0.1, 0.1, -0.1}, {-0.1, 0.1, -0.1, 0.1, -0.1, 0.1},
                {-0.05, -0.05, 0.05, 0.05, -0.05, 0.05}, {0.05, 0.05, -0.05, -0.05, 0.05, -0.05}};
        Objective[] batches = new Objective[shifts.length];
        for (int b = 0; b < shifts.length; b++) {
            double[] a = A.clone();
            for (int i = 0; i < a.length; i++) {
                a[i] += shifts[b][i];
            }
            batches[b] = quadratic(a);
        }
        BatchedObjective objective = new BatchedObjective() {
            @Override
            public int dimension() {
                return H.length;
            }

            @Override
            public int batches() {
                return batches.length;
            }

            @Override
            public Objective batch(long epoch, int batch) {
                return batches[batch];
            }
        };
        Result result = Minimizer.using(new Adam(0.01)).l1(L1Penalty.uniform(H.length, c))
                .schedule(new Exponential(0.9998)).stoppingWhen(StoppingRules.maxEpochs(15000)).returningLastPoint()
                .minimize(objective, START);
        double[] expected = optimum(c, 0);
        double[] x = result.point();
        for (int i = 0; i < x.length; i++) {
            if (expected[i] == 0) {
                assertThat(Math.abs(x[i])).as("x_%d is exactly 0 (%s)", i, result).isEqualTo(0.0);
            } else {
                // the batches' gradients differ by up to 0.2 h_i at the optimum, so each update of the cycle
                // pulls its own way and the iterate freezes wherever the decaying rate leaves it (here within
                // 2e-6): the batch path's exactness is in the zeros
                assertThat(x[i]).as("x_%d (%s)", i, result).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    /**
     * A float32 rule with an L1 term: the loop rounds each thresholded iterate to float32, and the run
     * ends at the optimum to float32's resolution with the zeros exact.
     */
    @Test
    void adamInFloat32ReachesTheOptimumWithItsZeros() {
        double c = 0.7;
        Result result = Minimizer.using(new Adam(0.01).inFloat32().orElseThrow()).l1(L1Penalty.uniform(H.length, c))
                .schedule(new Exponential(0.9998)).stoppingWhen(StoppingRules.maxIterations(60000)).returningLastPoint()
                .minimize(quadratic(A), START);
        double[] expected = optimum(c, 0);
        double[] x = result.point();
        for (int i = 0; i < x.length; i++) {
            assertThat((double) (float) x[i]).isEqualTo(x[i]);
            if (expected[i] == 0) {
                assertThat(Math.abs(x[i])).as("x_%d is exactly 0 (%s)", i, result).isEqualTo(0.0);
            } else {
                // a few float32 ulps (2.4e-7 at 2.3)
                assertThat(x[i]).as("x_%d (%s)", i, result).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }
}
