package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Lion against steps worked out by hand from Algorithm 2 of Chen et al., "Symbolic Discovery of
 * Optimization Algorithms" (2023), since PyTorch 1.13 has no Lion:
 *
 * <pre>
 * c = beta1 m + (1 - beta1) g;   theta = theta - lr (sign(c) + wd theta);   m = beta2 m + (1 - beta2) g
 * </pre>
 *
 * The expected values are decimal arithmetic; the tolerance allows for the binary rounding of
 * 0.1, 0.85 and the like.
 */
class LionTest {

    private static final double TOLERANCE = 1e-14;

    /** f(x, y) = x^2 / 2 + 2 y^2, gradient (x, 4y). */
    private static void gradient(double[] p, double[] g) {
        g[0] = p[0];
        g[1] = 4 * p[1];
    }

    private static void assertPoint(double[] p, double x, double y) {
        assertThat(p[0]).isCloseTo(x, within(TOLERANCE));
        assertThat(p[1]).isCloseTo(y, within(TOLERANCE));
    }

    @Test
    void threeStepsWithDecoupledWeightDecay() {
        Lion.State state = new Lion(0.1, 0.9, 0.99, 0.5, false).init(2);
        double[] p = {1, -2};
        double[] g = new double[2];

        // g1 = (1, -8); c1 = 0.9 * 0 + 0.1 * g1 = (0.1, -0.8), sign (1, -1)
        // theta1 = (1 - 0.1 (1 + 0.5 * 1), -2 - 0.1 (-1 + 0.5 * -2)) = (1 - 0.15, -2 + 0.2) = (0.85, -1.8)
        // m1 = 0.99 * 0 + 0.01 * g1 = (0.01, -0.08)
        gradient(p, g);
        state.update(p, g, 0.1);
        assertPoint(p, 0.85, -1.8);

        // g2 = (0.85, -7.2); c2 = 0.9 (0.01, -0.08) + 0.1 (0.85, -7.2) = (0.094, -0.792), sign (1, -1)
        // theta2 = (0.85 - 0.1 (1 + 0.425), -1.8 - 0.1 (-1 - 0.9)) = (0.85 - 0.1425, -1.8 + 0.19) = (0.7075, -1.61)
        // m2 = 0.99 (0.01, -0.08) + 0.01 (0.85, -7.2) = (0.0099 + 0.0085, -0.0792 - 0.072) = (0.0184, -0.1512)
        gradient(p, g);
        state.update(p, g, 0.1);
        assertPoint(p, 0.7075, -1.61);

        // g3 = (0.7075, -6.44); c3 = 0.9 (0.0184, -0.1512) + 0.1 g3 = (0.01656 + 0.07075, -0.13608 - 0.644)
        //    = (0.08731, -0.78008), sign (1, -1)
        // theta3 = (0.7075 - 0.1 (1 + 0.35375), -1.61 - 0.1 (-1 - 0.805)) = (0.7075 - 0.135375, -1.61 + 0.1805)
        //        = (0.572125, -1.4295)
        gradient(p, g);
        state.update(p, g, 0.1);
        assertPoint(p, 0.572125, -1.4295);
        assertThat(state.steps()).isEqualTo(3);
    }

    /** With beta1 above beta2 the momentum can outvote the gradient, and sign(0) = 0 leaves a coordinate put. */
    @Test
    void theMomentumDecidesTheDirectionAndZeroDoesNotMove() {
        Lion.State state = new Lion(0.1, 0.99, 0.9, 0, false).init(2);
        // f = x^2 / 2 + 2 y^2 from (0.05, 0): the y gradient stays 0, so c_y = 0 and y never moves
        double[] p = {0.05, 0};
        double[] g = new double[2];

        // g1 = 0.05; c1 = 0.01 * 0.05 = 0.0005 > 0; x1 = 0.05 - 0.1 = -0.05; m1 = 0.1 * 0.05 = 0.005
        gradient(p, g);
        state.update(p, g, 0.1);
        assertPoint(p, -0.05, 0);

        // g2 = -0.05; c2 = 0.99 * 0.005 + 0.01 * -0.05 = 0.00495 - 0.0005 = 0.00445 > 0 although g2 < 0:
        // x2 = -0.05 - 0.1 = -0.15; m2 = 0.9 * 0.005 + 0.1 * -0.05 = 0.0045 - 0.005 = -0.0005
        gradient(p, g);
        state.update(p, g, 0.1);
        assertPoint(p, -0.15, 0);

        // g3 = -0.15; c3 = 0.99 * -0.0005 + 0.01 * -0.15 = -0.000495 - 0.0015 = -0.001995 < 0; x3 = -0.15 + 0.1
        gradient(p, g);
        state.update(p, g, 0.1);
        assertPoint(p, -0.05, 0);
    }

    /** Maximizing -f takes the steps of minimizing f. */
    @Test
    void maximizeAscends() {
        Lion.State down = new Lion(0.1, 0.9, 0.99, 0.5, false).init(2);
        Lion.State up = new Lion(0.1, 0.9, 0.99, 0.5, true).init(2);
        double[] p = {1, -2};
        double[] q = {1, -2};
        double[] g = new double[2];
        for (int step = 0; step < 3; step++) {
            gradient(p, g);
            down.update(p, g, 0.1);
            gradient(q, g);
            g[0] = -g[0];
            g[1] = -g[1];
            up.update(q, g, 0.1);
        }
        assertThat(q).containsExactly(p);
        assertPoint(q, 0.572125, -1.4295);
    }
}
