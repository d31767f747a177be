package dev.descent.linesearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.vector.Vectors;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class LineSearchTest {

    static final Objective ROSENBROCK = Objectives.of(2,
            x -> (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]),
            (x, g) -> {
                g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]);
                g[1] = 200 * (x[1] - x[0] * x[0]);
            });

    private static final SplittableRandom RANDOM = new SplittableRandom(7);

    /** Random point, steepest descent direction, initial steps from tiny to huge: the conditions must hold. */
    @RepeatedTest(200)
    void strongWolfeStepSatisfiesBothConditions() {
        double[] x = {RANDOM.nextDouble(-2, 2), RANDOM.nextDouble(-1, 3)};
        double[] g = new double[2];
        double f = ROSENBROCK.valueAndGradient(x, g);
        double[] d = {-g[0], -g[1]};
        double initial = Math.pow(10, RANDOM.nextDouble(-6, 2));
        double[] point = new double[2];
        double[] gradient = new double[2];
        StrongWolfe search = StrongWolfe.defaults();
        LineSearch.Step step = search.search(ROSENBROCK, x, f, g, d, initial, point, gradient);
        double slope0 = Vectors.dot(g, d);
        assertThat(step.value()).isLessThanOrEqualTo(f + search.c1() * step.length() * slope0);
        assertThat(Math.abs(Vectors.dot(gradient, d))).isLessThanOrEqualTo(search.c2() * Math.abs(slope0));
        assertThat(point).containsExactly(x[0] + step.length() * d[0], x[1] + step.length() * d[1]);
        assertThat(step.value()).isEqualTo(ROSENBROCK.value(point));
        assertThat(step.evaluations()).isBetween(1, search.maxEvaluations());
    }

    @Test
    void strongWolfeExtrapolatesFromATinyStepAndZoomsFromAHugeOne() {
        Objective parabola = Objectives.of(1, x -> (x[0] - 5) * (x[0] - 5), (x, g) -> g[0] = 2 * (x[0] - 5));
        double[] x = {0};
        double[] g = {-10};
        double[] d = {1};
        double[] point = new double[1];
        double[] gradient = new double[1];
        LineSearch.Step small = StrongWolfe.defaults().search(parabola, x, 25, g, d, 1e-3, point, gradient);
        assertThat(Math.abs(gradient[0])).isLessThanOrEqualTo(0.9 * 10);
        assertThat(small.length()).isGreaterThan(0.5);
        LineSearch.Step large = StrongWolfe.defaults().search(parabola, x, 25, g, d, 1e6, point, gradient);
        assertThat(Math.abs(gradient[0])).isLessThanOrEqualTo(0.9 * 10);
        assertThat(large.value()).isLessThan(25);
        // cubic interpolation is exact on a quadratic: the zoom lands on the minimizer 5
        LineSearch.Step exact = new StrongWolfe(1e-4, 0.1, 25).search(parabola, x, 25, g, d, 8, point, gradient);
        assertThat(exact.length()).isCloseTo(5, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void armijoBacktracksUntilSufficientDecrease() {
        double[] x = {-1.2, 1};
        double[] g = new double[2];
        double f = ROSENBROCK.valueAndGradient(x, g);
        double[] d = {-g[0], -g[1]};
        double[] point = new double[2];
        double[] gradient = new double[2];
        LineSearch.Step step = ArmijoBacktracking.defaults().search(ROSENBROCK, x, f, g, d, 1.0, point, gradient);
        double slope = Vectors.dot(g, d);
        assertThat(step.value()).isLessThanOrEqualTo(f + 1e-4 * step.length() * slope);
        // the step before (twice as long) must have failed the condition
        double previous = 2 * step.length();
        double failedValue = ROSENBROCK.value(new double[] {x[0] + previous * d[0], x[1] + previous * d[1]});
        assertThat(failedValue).isGreaterThan(f + 1e-4 * previous * slope);
        assertThat(step.length()).isEqualTo(Math.pow(0.5, step.evaluations() - 1));
    }

    @Test
    void nonFiniteTrialsCountAsTooLong() {
        Objective wall = Objectives.of(1, x -> x[0] > 1 ? Double.NaN : -x[0], (x, g) -> g[0] = -1);
        double[] point = new double[1];
        double[] gradient = new double[1];
        LineSearch.Step armijo = ArmijoBacktracking.defaults().search(wall, new double[] {0}, 0, new double[] {-1},
                new double[] {1}, 8, point, gradient);
        assertThat(armijo.length()).isEqualTo(1.0);
        LineSearch.Step wolfe = StrongWolfe.defaults().search(wall, new double[] {0}, 0, new double[] {-1},
                new double[] {1}, 8, point, gradient);
        assertThat(wolfe.length()).isLessThanOrEqualTo(1.0);
        assertThat(Double.isFinite(wolfe.value())).isTrue();
    }

    @Test
    void ascentDirectionsAndHopelessSearchesFail() {
        double[] point = new double[2];
        double[] gradient = new double[2];
        double[] x = {-1.2, 1};
        double[] g = new double[2];
        double f = ROSENBROCK.valueAndGradient(x, g);
        assertThatThrownBy(() -> StrongWolfe.defaults().search(ROSENBROCK, x, f, g, g, 1, point, gradient))
                .isInstanceOf(LineSearchFailedException.class).hasMessageStartingWith("not a descent direction");
        assertThatThrownBy(() -> ArmijoBacktracking.defaults().search(ROSENBROCK, x, f, g, g, 1, point, gradient))
                .isInstanceOf(LineSearchFailedException.class).hasMessageStartingWith("not a descent direction");
        // a gradient that lies: claims descent along +x on a function that only rises
        Objective liar = Objectives.of(1, y -> y[0] * y[0], (y, out) -> out[0] = -1);
        assertThatThrownBy(() -> new ArmijoBacktracking(1e-4, 0.5, 20).search(liar, new double[] {0}, 0,
                new double[] {-1}, new double[] {1}, 1, new double[1], new double[1]))
                .isInstanceOf(LineSearchFailedException.class)
                .hasMessageContaining("found no sufficient decrease in 20 trials");
    }
}
