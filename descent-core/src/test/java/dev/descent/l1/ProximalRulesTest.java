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
}
