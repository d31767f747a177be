package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Operations of one's own on the tape: their backward rules join the chain rule like built-in ones. */
class FusedTest {

    @Test
    void aFusedScalarBackPropagatesItsGradientThroughTheRestOfTheGraph() {
        // f(x) = sum x_i^3 computed outside the tape, then squared on the tape: d/dx (f^2) = 2 f 3 x^2
        double[] x = {0.5, -1.25, 2.0};
        Tape tape = new Tape();
        Tensor theta = tape.variable(x);
        double value = 0;
        double[] gradient = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            value += x[i] * x[i] * x[i];
            gradient[i] = 3 * x[i] * x[i];
        }
        Tensor f = Fused.scalar(theta, value, gradient);
        Tensor out = f.square().add(theta.sum());
        tape.backward(out);
        double[] g = theta.gradient();
        for (int i = 0; i < x.length; i++) {
            assertThat(g[i]).isEqualTo(2 * value * 3 * x[i] * x[i] + 1);
        }
    }

    @Test
    void aFusedMatrixMatchesFiniteDifferences() {
        // y = 2x elementwise as a 2 x 2 matrix of a vector of 4, with its own backward rule
        FiniteDifferenceCheck.check(in -> {
            double[] v = in[0].values();
            double[] doubled = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                doubled[i] = 2 * v[i];
            }
            return Fused.matrix(in[0], 2, 2, doubled, (upstream, inputGradient) -> {
                for (int i = 0; i < upstream.length; i++) {
                    inputGradient[i] += 2 * upstream[i];
                }
            }).sin().sum();
        }, new FiniteDifferenceCheck.Shape[] {FiniteDifferenceCheck.Shape.vector(4)},
                new double[][] {{0.1, -0.7, 1.3, 0.4}}, 1, 1e-7);
    }

    @Test
    void refusesAGradientOfTheWrongLength() {
        Tape tape = new Tape();
        Tensor theta = tape.variable(new double[] {1, 2});
        assertThatThrownBy(() -> Fused.scalar(theta, 1, new double[3])).hasMessage("the gradient has 3 entries, the input 2");
    }
}
