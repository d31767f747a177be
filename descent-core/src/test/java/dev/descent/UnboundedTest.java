package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.loop.Minimizer;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Sgd;
import dev.descent.stop.StoppingRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The unbounded-below rule: a value 1e15 times the start's scale below 0 stops the run with UNBOUNDED. */
class UnboundedTest {

    /** f(x) = x: falls without bound along -x. */
    private static final Objective LINE = Objectives.of(1, x -> x[0], (x, g) -> g[0] = 1);

    /** f(x) = -x^2: a maximum at 0, unbounded below on both sides. */
    private static final Objective CAP = Objectives.of(1, x -> -x[0] * x[0], (x, g) -> g[0] = -2 * x[0]);

    @Test
    void lbfgsOnALineStopsUnboundedAtTheFirstIteration() {
        Result result = Minimizer.using(Lbfgs.defaults()).minimize(LINE, new double[] {0});
        assertThat(result.stopReason()).isEqualTo(StopReason.UNBOUNDED);
        assertThat(result.stopReason().failed()).isTrue();
        assertThat(result.converged()).isFalse();
        assertThat(result.iterations()).isEqualTo(1);
        assertThat(result.value()).isLessThan(-1e15).isEqualTo(result.point()[0]); // the lowest point reached
        assertThat(result.detail()).isEqualTo("value " + result.value() + " at iteration 1 is below -1.0E15 = 1.0E15 * max(1, "
                + "|0.0|), the start's scale");
    }

    @Test
    void fixedStepsOnACapStopUnboundedOnceTheValuePassesTheFloor() {
        Result result = Minimizer.using(GradientDescent.fixed(0.1))
                .stoppingWhen(StoppingRules.maxIterations(10_000)).minimize(CAP, new double[] {1});
        assertThat(result.stopReason()).isEqualTo(StopReason.UNBOUNDED);
        // x_k = 1.2^k, so -x^2 passes -1e15 at the first k with 1.2^(2k) > 1e15: k = 95
        assertThat(result.iterations()).isEqualTo(95);
        assertThat(result.value()).isLessThan(-1e15);
    }

    @Test
    void maximizingMirrorsTheRule() {
        Objective bowl = Objectives.of(1, x -> x[0] * x[0], (x, g) -> g[0] = 2 * x[0]);
        Result result = Minimizer.using(new Sgd(0.1).withMaximize(true)).stoppingWhen(StoppingRules.maxIterations(10_000))
                .minimize(bowl, new double[] {1});
        assertThat(result.stopReason()).isEqualTo(StopReason.UNBOUNDED);
        assertThat(result.value()).isGreaterThan(1e15);
        assertThat(result.detail()).contains(" is above 1.0E15 = 1.0E15 * max(1, |1.0|)");
    }

    @Test
    void aMinusInfinityValueIsUnbounded() {
        Objective log = Objectives.of(1, x -> x[0] <= 0 ? Double.NEGATIVE_INFINITY : Math.log(x[0]), (x, g) -> g[0] = 1 / x[0]);
        Result result = Minimizer.using(GradientDescent.fixed(1)).minimize(log, new double[] {1});
        assertThat(result.stopReason()).isEqualTo(StopReason.UNBOUNDED);
        assertThat(result.detail()).isEqualTo("the value is -Infinity at iteration 1");
        assertThat(result.point()).containsExactly(1.0); // the last finite point
    }

    @Test
    void theFloorScalesWithTheStartSoALowButBoundedFunctionConverges() {
        // 1e16 ((x - 1)^2 - 2) has its minimum -2e16 below -1e15: only a rule relative to the start (-1e16) lets it converge
        Objective low = Objectives.of(1, x -> 1e16 * ((x[0] - 1) * (x[0] - 1) - 2), (x, g) -> g[0] = 2e16 * (x[0] - 1));
        Result result = Minimizer.using(Lbfgs.defaults())
                .stoppingWhen(StoppingRules.gradientNorm(1).or(StoppingRules.maxIterations(100)))
                .minimize(low, new double[] {0});
        assertThat(result.stopReason().converged()).as(result.stopReason() + " " + result.detail()).isTrue();
        assertThat(result.point()[0]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(result.value()).isCloseTo(-2e16, org.assertj.core.data.Offset.offset(1e4));
    }

    @Test
    void snapshotsCarryTheStartValueAndFormatOneIsStillRead() throws IOException {
        RunSnapshot snapshot = new RunSnapshot(new double[] {1}, new byte[0], new byte[0], 3, 3, 4, 4, -2, -1, 0.5, 1, 0.1,
                0.1, -2, -2, new double[] {1}, -2, 0.5, 0, 7.5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        snapshot.write(new DataOutputStream(bytes));
        byte[] two = bytes.toByteArray();
        assertThat(RunSnapshot.read(new DataInputStream(new ByteArrayInputStream(two))).startValue()).isEqualTo(7.5);
        // format 1: version 1 in the header, no start value at the end
        byte[] one = Arrays.copyOf(two, two.length - Long.BYTES);
        ByteBuffer.wrap(one).putInt(Integer.BYTES, 1);
        RunSnapshot old = RunSnapshot.read(new DataInputStream(new ByteArrayInputStream(one)));
        assertThat(old.startValue()).isNaN();
        assertThat(old.value()).isEqualTo(-2);
        assertThat(old.epochsSinceImprovement()).isZero();
    }
}
