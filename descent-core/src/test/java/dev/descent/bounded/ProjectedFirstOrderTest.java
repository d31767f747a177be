package dev.descent.bounded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Bounds;
import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Result;
import dev.descent.TraceStep;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.Asgd;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lion;
import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RAdam;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Rprop;
import dev.descent.optim.Sgd;
import dev.descent.stop.StoppingRules;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Projected first-order methods: every iterate of the trace is feasible, and each rule reaches the
 * bounded minimum of a separable convex quadratic, {@code clamp(c, l, u)}, exactly known.
 */
class ProjectedFirstOrderTest {
    /** f(x) = 1/2 sum a_i (x_i - c_i)^2, unconstrained minimum c, cut off by the box in entries 0, 2 and 3. */
    static final double[] A = {1, 2, 0.5, 1.5, 1};
    static final double[] C = {3, -0.5, -4, 2.5, 0.25};
    static final Bounds BOX = Bounds.of(new double[] {-1, -1, -1, Double.NEGATIVE_INFINITY, 0},
            new double[] {1, 1, 1, 2, Double.POSITIVE_INFINITY});
    static final double[] MINIMUM = {1, -0.5, -1, 2, 0.25};

    static final Objective QUADRATIC = new Objective() {
        @Override
        public int dimension() {
            return A.length;
        }

        @Override
        public double valueAndGradient(double[] x, double[] g) {
            double f = 0;
            for (int i = 0; i < A.length; i++) {
                double r = x[i] - C[i];
                f += 0.5 * A[i] * r * r;
                g[i] = A[i] * r;
            }
            return f;
        }
    };

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(GradientDescent.fixed(0.3), 1e-6),
                Arguments.of(GradientDescent.armijo(1.0), 1e-6),
                Arguments.of(new Sgd(0.1), 1e-6),
                Arguments.of(new Sgd(0.05).withMomentum(0.9), 1e-6),
                Arguments.of(new Sgd(0.05).withMomentum(0.9).withNesterov(true), 1e-6),
                Arguments.of(new Adam(0.01), 1e-3),
                Arguments.of(new AdamW(0.01), 1e-2),
                Arguments.of(new Adamax(0.01), 1e-3),
                Arguments.of(new NAdam(0.01), 1e-3),
                Arguments.of(new RAdam(0.01), 1e-3),
                Arguments.of(new RmsProp(0.01), 2e-2),
                Arguments.of(new AdaGrad(0.5), 1e-3),
                Arguments.of(new Adadelta(1.0), 2e-2),
                Arguments.of(new Rprop(0.01), 1e-3),
                Arguments.of(new Asgd(0.1), 1e-3),
                Arguments.of(new Lion(0.001), 2e-3),
                Arguments.of(dev.descent.optim.ParameterGroups.of(new Sgd(0.1)).group(new int[] {1, 4}, new Sgd(0.2)), 1e-6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void everyIterateIsFeasibleAndTheBoundedMinimumIsReached(Optimizer rule, double tolerance) {
        double[] start = {-5, 5, 0.5, 10, -3}; // outside the box in four entries
        Result r = Minimizer.using(rule).bounds(BOX)
                .stoppingWhen(StoppingRules.gradientNorm(1e-10).or(StoppingRules.maxIterations(4000)))
                .recordingTrace()
                .minimize(QUADRATIC, start);
        assertThat(r.startProjected()).isEqualTo(4);
        for (TraceStep step : r.trace()) {
            assertThat(BOX.isFeasible(step.point())).as("iteration %d", step.iteration()).isTrue();
        }
        double[] x = r.point();
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(x[i] - MINIMUM[i])).as("%s x[%d] = %s", rule.describe(), i, x[i]).isLessThan(tolerance);
        }
        assertThat(r.activeBounds().lower()).containsExactly(2);
        assertThat(r.activeBounds().upper()).containsExactly(0, 3);
        assertThat(start).containsExactly(-5, 5, 0.5, 10, -3);
    }

    @Test
    void theGradientNormOfABoundedRunIsTheProjectedOne() {
        Result r = Minimizer.using(GradientDescent.fixed(0.3)).bounds(BOX).minimize(QUADRATIC, new double[5]);
        assertThat(r.converged()).isTrue();
        // the raw gradient at the bounded minimum is large in the active entries; the projected one is 0 there
        assertThat(r.gradientNorm()).isLessThanOrEqualTo(1e-6);
        assertThat(r.bounded()).isTrue();
    }

    @Test
    void miniBatchAndAccumulatedUpdatesAreProjectedToo() {
        // two batches whose mean is QUADRATIC: f_b = QUADRATIC +- (x_0 - x_1), the linear parts cancel
        dev.descent.BatchedObjective batches = new dev.descent.BatchedObjective() {
            @Override
            public int dimension() {
                return A.length;
            }

            @Override
            public int batches() {
                return 2;
            }

            @Override
            public Objective batch(long epoch, int batch) {
                double sign = batch == 0 ? 1 : -1;
                return objective(sign);
            }
        };
        for (int accumulate : new int[] {1, 2}) {
            java.util.List<double[]> points = new java.util.ArrayList<>();
            Result r = Minimizer.using(new Sgd(0.05)).bounds(BOX).accumulating(accumulate).returningLastPoint()
                    .stoppingWhen(StoppingRules.maxEpochs(3000))
                    .listener(new dev.descent.Listener() {
                        @Override
                        public void onStep(dev.descent.Progress p) {
                            points.add(p.point().clone());
                        }
                    })
                    .minimize(batches, new double[] {-5, 5, 0.5, 10, -3});
            assertThat(points).allSatisfy(x -> assertThat(BOX.isFeasible(x)).isTrue());
            double[] x = r.point();
            assertThat(x[0]).isEqualTo(1); // pushed against its bound by both batches
            assertThat(x[2]).isEqualTo(-1);
            assertThat(x[3]).isEqualTo(2);
            assertThat(Math.abs(x[4] - 0.25)).isLessThan(1e-6);
        }
    }

    static Objective objective(double sign) {
        return new Objective() {
            @Override
            public int dimension() {
                return A.length;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                double f = QUADRATIC.valueAndGradient(x, g) + sign * (x[0] - x[1]);
                g[0] += sign;
                g[1] -= sign;
                return f;
            }
        };
    }

    @Test
    void aStrongWolfeGradientDescentSearchesTheProjectionArcInABox() {
        Result r = Minimizer.using(GradientDescent.withLineSearch(1.0, dev.descent.linesearch.StrongWolfe.defaults()))
                .bounds(BOX).recordingTrace().minimize(QUADRATIC, new double[] {-5, 5, 0.5, 10, -3});
        assertThat(r.converged()).isTrue();
        assertThat(r.trace()).allSatisfy(step -> assertThat(BOX.isFeasible(step.point())).isTrue());
        for (int i = 0; i < MINIMUM.length; i++) {
            assertThat(Math.abs(r.point()[i] - MINIMUM[i])).isLessThan(1e-6);
        }
    }

    @Test
    void anUnboundedLineSearchStateIsRefusedInABox() {
        Optimizer lbfgs = dev.descent.optim.Lbfgs.defaults();
        assertThatThrownBy(() -> Minimizer.using(lbfgs).bounds(BOX).minimize(QUADRATIC, new double[5], lbfgs.init(5)))
                .hasMessage("the state of lbfgs does not keep to this loop's bounds: make it with "
                        + "Optimizer.init(dimension, bounds)");
        assertThatThrownBy(() -> Minimizer.using(lbfgs).minimize(QUADRATIC, new double[5], lbfgs.init(5, BOX)))
                .hasMessage("the state of lbfgs is bounded and this loop is not: set the same Minimizer.bounds");
        // a state made for the loop's box is taken
        Result r = Minimizer.using(lbfgs).bounds(BOX).minimize(QUADRATIC, new double[5], lbfgs.init(5, BOX));
        assertThat(r.converged()).isTrue();
    }

    @Test
    void boundsOfAnotherDimensionAreRefused() {
        Bounds two = Bounds.of(new double[] {0, 0}, new double[] {1, 1});
        assertThatThrownBy(() -> Minimizer.using(new Sgd(0.1)).bounds(two).minimize(QUADRATIC, new double[5]))
                .hasMessage("the bounds have 2 variables, the problem has 5");
    }
}
