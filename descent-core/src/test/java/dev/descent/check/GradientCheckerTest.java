package dev.descent.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.functions.TestFunctions;
import org.junit.jupiter.api.Test;

class GradientCheckerTest {

    @Test
    void aGradientWrongInOneCoordinateIsFoundThere() {
        Objective rosenbrock = TestFunctions.byName("rosenbrock", 6);
        Objective broken = new Objective() {
            @Override
            public int dimension() {
                return 6;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                double f = rosenbrock.valueAndGradient(x, g);
                g[3] *= 1.001;
                return f;
            }

            @Override
            public double value(double[] x) {
                return rosenbrock.value(x);
            }
        };
        double[] x = {-1.2, 1, 0.3, -0.7, 2, 1.5};
        GradientCheck good = GradientChecker.check(rosenbrock, x);
        GradientCheck bad = GradientChecker.check(broken, x);
        assertThat(good.passes(1e-7)).isTrue();
        assertThat(bad.passes(1e-7)).isFalse();
        assertThat(bad.worstCoordinate()).isEqualTo(3);
        assertThat(bad.maxRelativeError()).isCloseTo(1e-3, org.assertj.core.data.Offset.offset(2e-4));
        assertThat(bad.toString()).contains("<- worst");
        assertThat(x).containsExactly(-1.2, 1, 0.3, -0.7, 2, 1.5);
    }

    @Test
    void finiteDifferenceObjectiveAgreesWithTheAnalyticGradient() {
        Objective analytic = TestFunctions.byName("beale", 2);
        Objective numeric = Objectives.finiteDifferences(2, analytic::value);
        double[] x = {1.3, -0.4};
        double[] g = new double[2];
        double[] h = new double[2];
        analytic.valueAndGradient(x, g);
        numeric.valueAndGradient(x, h);
        assertThat(h[0]).isCloseTo(g[0], org.assertj.core.data.Offset.offset(1e-7 * Math.abs(g[0])));
        assertThat(h[1]).isCloseTo(g[1], org.assertj.core.data.Offset.offset(1e-7 * Math.abs(g[1])));
    }

    @Test
    void curvatureOfAQuadraticIsItsLargestEigenvalue() {
        assertThat(Curvature.largestEigenvalue(new dev.descent.functions.Quadratic(4, 50), new double[] {1, 2, 3, 4}, 100, 1))
                .isCloseTo(50, org.assertj.core.data.Offset.offset(1e-4));
        // Rosenbrock's Hessian at (1, 1) is [[802, -400], [-400, 200]]: largest eigenvalue 501 + sqrt(301^2 + 400^2)
        assertThat(Curvature.largestEigenvalue(TestFunctions.byName("rosenbrock", 2), new double[] {1, 1}, 100, 1))
                .isCloseTo(501 + Math.hypot(301, 400), org.assertj.core.data.Offset.offset(1e-3));
    }
}
