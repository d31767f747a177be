package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.loop.Minimizer;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizers;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unbounded-below rules: a value 1e15 times the start's scale below 0, or 1e6 times with a gradient
 * norm no smaller than where the value first fell 1e3 times below, stops the run with UNBOUNDED.
 */
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
    void fixedStepsOnACapStopUnboundedOnceTheValuePassesTheSlopeFloor() {
        Result result = Minimizer.using(GradientDescent.fixed(0.1))
                .stoppingWhen(StoppingRules.maxIterations(10_000)).minimize(CAP, new double[] {1});
        assertThat(result.stopReason()).isEqualTo(StopReason.UNBOUNDED);
        // x_k = 1.2^k and f = -1.44^k, with |g| = 2 * 1.2^k growing: f passes -1e3 at the first k with
        // 1.44^k > 1e3 (k = 19, log 1e3 / log 1.44 = 18.9) and -1e6 at k = 38 (37.9), well before -1e15 (k = 95)
        assertThat(result.iterations()).isEqualTo(38);
        assertThat(result.value()).isLessThan(-1e6);
        double x19 = Math.pow(1.2, 19);
        assertThat(result.detail()).startsWith("value " + result.value() + " at iteration 38 is below -1000000.0 = 1000000.0 "
                + "* max(1, |-1.0|), the start's scale, and the gradient norm ")
                .contains(" at iteration 19, the first below -1000.0 (1000.0 times that scale): the slope has not flattened");
        assertThat(Double.parseDouble(result.detail().replaceAll(".* no smaller than (\\S+) at iteration 19.*", "$1")))
                .isCloseTo(2 * x19, org.assertj.core.data.Offset.offset(1e-9 * x19));
    }

    /** f(x, y) = -(x^2 + y^2): a maximum at 0, unbounded below in every direction, its slope growing. */
    private static final Objective DOME = Objectives.of(2, x -> -(x[0] * x[0] + x[1] * x[1]), (x, g) -> {
        g[0] = -2 * x[0];
        g[1] = -2 * x[1];
    });

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"adam:lr=0.1", "rmsprop:lr=0.01", "adagrad:lr=1", "lion:lr=0.01", "rprop",
        "sgd:lr=0.01,momentum=0.9", "nadam:lr=0.1", "adamax:lr=0.1"})
    void everyFirstOrderRuleStopsUnboundedOnADomeWithinABudget(String spec) {
        // each moves a bounded distance per step (Lion, Adam's kin and Rprop about their rate or step size),
        // so without the slope rule the value creeps towards -1e15 for far longer than 100000 iterations
        Result result = Minimizer.using(Optimizers.parse(spec)).stoppingWhen(StoppingRules.maxIterations(100_000))
                .minimize(DOME, new double[] {0.1, 0.1});
        assertThat(result.stopReason()).as(result.detail()).isEqualTo(StopReason.UNBOUNDED);
        assertThat(result.value()).isLessThan(-1e6).isGreaterThan(-1e15);
        assertThat(result.detail()).contains("the slope has not flattened");
    }

    @Test
    void aPlaneWithItsConstantSlopeStopsUnbounded() {
        // f = -x - y has |g| = sqrt 2 everywhere; each step of rate 1000 lowers f by 2000 to -2000 k, so f
        // is below -1e3 from iteration 1 and below -1e6 from iteration 501 (at 500 it is -1e6 exactly)
        Objective plane = Objectives.of(2, x -> -x[0] - x[1], (x, g) -> {
            g[0] = -1;
            g[1] = -1;
        });
        Result result = Minimizer.using(GradientDescent.fixed(1000)).stoppingWhen(StoppingRules.maxIterations(100_000))
                .minimize(plane, new double[] {0, 0});
        assertThat(result.stopReason()).isEqualTo(StopReason.UNBOUNDED);
        assertThat(result.iterations()).isEqualTo(501);
        assertThat(result.value()).isEqualTo(-1.002e6);
        assertThat(result.detail()).isEqualTo("value -1002000.0 at iteration 501 is below -1000000.0 = 1000000.0 * max(1, "
                + "|-0.0|), the start's scale, and the gradient norm " + Math.sqrt(2) + " there is no smaller than "
                + Math.sqrt(2) + " at iteration 1, the first below -1000.0 (1000.0 times that scale): the slope has not "
                + "flattened");
    }

    /**
     * f(x) = (x - 3000)^2 - 9e6: bounded, its minimum -9e6 at 3000, nine million times the scale of the
     * start 0 (f(0) = 0, s = 1). On the way down the value passes both -1e3 and -1e6, so the slope rule's
     * gradient condition is what tells it from an unbounded fall, as the gradient 2 (x - 3000) shrinks:
     * <ul>
     * <li>gd 0.1: x_k = 3000 (1 - 0.8^k). x_1 = 600, f = -3.24e6 passes both thresholds at once with
     * |g| = 4800; x_2 = 1080, f = -5.31e6, |g| = 3840 &lt; 4800, and |g| shrinks by 0.8 per step.
     * <li>gd 0.4: x_k = 3000 (1 - 0.2^k). x_1 = 2400, f = -8.64e6, |g| = 1200; x_2 = 2880, |g| = 240.
     * <li>adam 10: steps of about 10. f passes -1e3 where (x - 3000)^2 &lt; 9e6 - 1e3, x &gt; 0.17, so at
     * x_1 = 10 with |g| = 5980; it passes -1e6 where |x - 3000| &lt; sqrt 8e6 = 2828.4, where |g| &lt; 5657.
     * </ul>
     * The same-epoch case of gd 0.1 and 0.4 is why the reference must come from an earlier epoch.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gd:lr=0.1", "gd:lr=0.4", "adam:lr=10"})
    void aDeepBowlFarFromAStartAtZeroConverges(String spec) {
        Objective deep = Objectives.of(1, x -> (x[0] - 3000) * (x[0] - 3000) - 9e6, (x, g) -> g[0] = 2 * (x[0] - 3000));
        Result result = Minimizer.using(Optimizers.parse(spec))
                .stoppingWhen(StoppingRules.gradientNorm(1e-6).or(StoppingRules.valueChange(1e-15))
                        .or(StoppingRules.maxIterations(100_000)))
                .minimize(deep, new double[] {0});
        assertThat(result.stopReason()).as(result.stopReason() + " " + result.detail())
                .isIn(StopReason.GRADIENT_TOLERANCE, StopReason.VALUE_TOLERANCE);
        assertThat(result.point()[0]).isCloseTo(3000, org.assertj.core.data.Offset.offset(0.1));
        assertThat(result.value()).isCloseTo(-9e6, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void maximizingAdamMirrorsTheSlopeRule() {
        Objective bowl = Objectives.of(2, x -> x[0] * x[0] + x[1] * x[1], (x, g) -> {
            g[0] = 2 * x[0];
            g[1] = 2 * x[1];
        });
        Result result = Minimizer.using(Optimizers.parse("adam:lr=0.1,maximize"))
                .stoppingWhen(StoppingRules.maxIterations(100_000)).minimize(bowl, new double[] {0.1, 0.1});
        assertThat(result.stopReason()).isEqualTo(StopReason.UNBOUNDED);
        assertThat(result.value()).isGreaterThan(1e6).isLessThan(1e15);
        assertThat(result.detail()).contains(" is above 1000000.0 = 1000000.0 * max(1, |0.02")
                .contains(", the first above 1000.0 (1000.0 times that scale)");
    }

    @Test
    void aRunResumedAfterTheSlopeReferenceStopsAsTheWholeRunDoes() {
        Minimizer loop = Minimizer.using(GradientDescent.fixed(0.1)).stoppingWhen(StoppingRules.maxIterations(10_000));
        Result whole = loop.minimize(CAP, new double[] {1});
        RunSnapshot[] at25 = new RunSnapshot[1];
        loop.stoppingWhen(StoppingRules.maxIterations(25)).listener(new Listener() {
            @Override
            public void onStep(Progress p) {}

            @Override
            public void onEpoch(Progress p) {
                at25[0] = p.snapshot();
            }
        }).minimize(CAP, new double[] {1});
        // the reference was taken at iteration 19 (see above); a resume that lost it would take iteration 26's
        assertThat(at25[0].slopeReferenceEpoch()).isEqualTo(19);
        Result resumed = loop.resume(BatchedObjective.of(CAP), at25[0]);
        assertThat(resumed.stopReason()).isEqualTo(StopReason.UNBOUNDED);
        assertThat(resumed.iterations()).isEqualTo(whole.iterations());
        assertThat(resumed.detail()).isEqualTo(whole.detail());
    }

    @Test
    void maximizingMirrorsTheRule() {
        Objective bowl = Objectives.of(1, x -> x[0] * x[0], (x, g) -> g[0] = 2 * x[0]);
        // x_1 = 1 + 1e8 * 2: f = (2e8 + 1)^2 passes 1e15 in one step, where the depth rule is asked first
        Result result = Minimizer.using(new Sgd(1e8).withMaximize(true)).stoppingWhen(StoppingRules.maxIterations(10_000))
                .minimize(bowl, new double[] {1});
        assertThat(result.stopReason()).isEqualTo(StopReason.UNBOUNDED);
        assertThat(result.iterations()).isEqualTo(1);
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
    void snapshotsCarryTheSlopeReferenceAndFormatThreeIsStillRead() throws IOException {
        RunSnapshot snapshot = new RunSnapshot(new double[] {1}, new byte[0], new byte[0], 3, 3, 4, 4, -2, -1, 0.5, 1, 0.1,
                0.1, -2, -2, new double[] {1}, -2, 0.5, 0, 7.5, 0, 12.25, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        snapshot.write(new DataOutputStream(bytes));
        byte[] four = bytes.toByteArray();
        RunSnapshot read = RunSnapshot.read(new DataInputStream(new ByteArrayInputStream(four)));
        assertThat(read.slopeReferenceNorm()).isEqualTo(12.25);
        assertThat(read.slopeReferenceEpoch()).isEqualTo(2);
        // format 3: version 3 in the header, no reference at the end
        byte[] three = Arrays.copyOf(four, four.length - 2 * Long.BYTES);
        ByteBuffer.wrap(three).putInt(Integer.BYTES, 3);
        RunSnapshot old = RunSnapshot.read(new DataInputStream(new ByteArrayInputStream(three)));
        assertThat(old.slopeReferenceNorm()).isNaN();
        assertThat(old.slopeReferenceEpoch()).isEqualTo(-1);
        assertThat(old.startValue()).isEqualTo(7.5);
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
