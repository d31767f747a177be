package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.optim.Lbfgs;
import dev.descent.stop.StoppingRules;
import org.junit.jupiter.api.Test;

class TapeTest {

    @Test
    void gradientOfASimpleExpressionByHand() {
        Tape tape = new Tape();
        Tensor x = tape.variable(new double[] {1, 2, 3});
        Tensor f = x.square().sum().add(x.index(0).mul(x.index(2))); // x0^2 + x1^2 + x2^2 + x0 x2
        tape.backward(f);
        assertThat(f.item()).isEqualTo(17);
        assertThat(x.gradient()).containsExactly(2 + 3, 4, 6 + 1);
    }

    @Test
    void tenMillionNodeGraphDoesNotOverflowTheStack() {
        Tape tape = new Tape();
        Tensor x = tape.variable(0.5);
        Tensor y = x;
        int nodes = 10_000_000;
        for (int i = 0; i < nodes; i++) {
            y = y.mul(1.0000001);
        }
        assertThat(tape.size()).isEqualTo(nodes);
        tape.backward(y);
        // d/dx (c^n x) = c^n; the product is accumulated in the same order both ways
        assertThat(x.gradient()[0]).isCloseTo(Math.pow(1.0000001, nodes), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void constantsAreNotRecorded() {
        Tape tape = new Tape();
        Tensor c = tape.constant(new double[] {1, 2});
        Tensor x = tape.variable(new double[] {3, 4});
        c.exp().sum();
        assertThat(tape.size()).isZero();
        x.mul(c).sum();
        assertThat(tape.size()).isEqualTo(2);
    }

    @Test
    void misuseIsRefusedClearly() {
        Tape tape = new Tape();
        Tensor x = tape.variable(new double[] {1, 2});
        assertThatThrownBy(() -> tape.backward(x.exp())).hasMessage("backward needs a scalar output, got shape [2]");
        Tensor f = x.sum();
        tape.backward(f);
        assertThatThrownBy(() -> tape.backward(f)).hasMessageContaining("already been walked backward");
        Tape other = new Tape();
        assertThatThrownBy(() -> x.add(other.variable(new double[] {1, 2}))).hasMessage("add of tensors recorded on different tapes");
        Tape t = new Tape();
        Tensor m = t.variable(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThatThrownBy(() -> m.add(t.variable(new double[] {1, 2}))).hasMessage("cannot broadcast [2, 3] with [2] in add");
        assertThatThrownBy(() -> m.matmul(m)).hasMessage("matmul needs (m x k) and (k x n) matrices, got [2, 3] and [2, 3]");
        assertThatThrownBy(() -> t.variable(new double[] {1, 2, 3}).slice(2, 1))
                .hasMessageContaining("slice [2:1:1] is outside a vector of length 3");
        assertThatThrownBy(() -> t.variable(new double[] {1, 2, 3}, 2, 2)).hasMessage("a 2x2 matrix needs 4 values, got 3");
    }

    @Test
    void powerWithIntegerExponentIsExactForNegativeBases() {
        Tape tape = new Tape();
        Tensor x = tape.variable(new double[] {-2, -3});
        Tensor cube = x.pow(3);
        assertThat(cube.values()).containsExactly(-8, -27);
        tape.backward(cube.sum());
        assertThat(x.gradient()).containsExactly(12, 27);
    }

    @Test
    void stableFunctionsStayFiniteAtExtremes() {
        Tape tape = new Tape();
        Tensor x = tape.variable(new double[] {-1000, 1000});
        assertThat(x.sigmoid().values()).containsExactly(0, 1);
        assertThat(x.softplus().values()).containsExactly(0, 1000);
        assertThat(x.logSumExp().item()).isEqualTo(1000);
        Tensor logits = tape.variable(new double[] {1000, -1000, 0, 0}, 2, 2);
        Tensor loss = Losses.softmaxCrossEntropy(logits, new int[] {0, 1});
        assertThat(loss.item()).isCloseTo(Math.log(2) / 2, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void adapterMinimizesExtendedRosenbrockWrittenWithSlices() {
        int n = 20;
        Objective rosenbrock = Autodiff.objective(n, ExtendedRosenbrock::value);
        double[] start = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = i % 2 == 0 ? -1.2 : 1;
        }
        Result result = Minimizer.using(Lbfgs.defaults())
                .stoppingWhen(StoppingRules.gradientNorm(1e-8).or(StoppingRules.maxIterations(500)))
                .minimize(rosenbrock, start);
        assertThat(result.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
        for (double xi : result.point()) {
            assertThat(xi).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-7));
        }
        double[] g = new double[n];
        assertThat(rosenbrock.valueAndGradient(start, g)).isEqualTo(rosenbrock.value(start));
        assertThat(rosenbrock.value(start)).isCloseTo(24.2 * n / 2, org.assertj.core.data.Offset.offset(1e-9));
    }
}
