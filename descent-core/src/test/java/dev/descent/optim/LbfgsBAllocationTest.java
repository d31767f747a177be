package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Bounds;
import dev.descent.Objective;
import org.junit.jupiter.api.Test;

/** L-BFGS-B's iterations allocate nothing once its state is made: every buffer is sized 2m or n up front. */
class LbfgsBAllocationTest {

    /** A separable quartic-plus-quadratic whose minimizer lies outside the box in half the entries. */
    static final class Bowl implements Objective {
        final int n;

        Bowl(int n) {
            this.n = n;
        }

        @Override
        public int dimension() {
            return n;
        }

        @Override
        public double valueAndGradient(double[] x, double[] g) {
            double f = 0;
            for (int i = 0; i < n; i++) {
                double r = x[i] - (i % 2 == 0 ? 3 : 0.5) - 0.01 * (i % 7);
                f += r * r * (1 + 0.1 * r * r) * (1 + i % 5);
                g[i] = (2 * r + 0.4 * r * r * r) * (1 + i % 5);
            }
            return f;
        }
    }

    @Test
    void iterationsAllocateNothing() {
        int n = 1000;
        Bounds box = Bounds.uniform(-1, 1);
        Objective f = new Bowl(n);
        double[] x = new double[n];
        double[] g = new double[n];
        for (int round = 0; round < 30; round++) { // warm the code paths, with fresh states
            LbfgsB state = Lbfgs.defaults().init(n, box);
            java.util.Arrays.fill(x, -0.9);
            double value = f.valueAndGradient(x, g);
            for (int k = 0; k < 12; k++) {
                value = state.iterate(f, x, value, g, 1);
            }
        }
        LbfgsB state = Lbfgs.defaults().init(n, box);
        java.util.Arrays.fill(x, -0.9);
        double value = f.valueAndGradient(x, g);
        value = state.iterate(f, x, value, g, 1);
        long before = StepAllocationTest.allocated();
        for (int k = 0; k < 11; k++) {
            value = state.iterate(f, x, value, g, 1);
        }
        long bytes = StepAllocationTest.allocated() - before;
        assertThat(box.isFeasible(x)).isTrue();
        assertThat(bytes).as("bytes allocated by 11 L-BFGS-B iterations of %d variables", n).isLessThan(4096);
    }
}
