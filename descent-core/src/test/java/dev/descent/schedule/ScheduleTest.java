package dev.descent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Values against PyTorch's closed forms, computed by hand. */
class ScheduleTest {

    @Test
    void constantStepMultiStepExponential() {
        assertThat(Schedule.constant().at(0.1, 1000)).isEqualTo(0.1);
        StepDecay step = new StepDecay(30, 0.1);
        assertThat(step.at(0.1, 0)).isEqualTo(0.1);
        assertThat(step.at(0.1, 29)).isEqualTo(0.1);
        assertThat(step.at(0.1, 30)).isCloseTo(0.01, offset(1e-17));
        assertThat(step.at(0.1, 65)).isCloseTo(0.001, offset(1e-18));
        MultiStep multi = new MultiStep(new long[] {10, 25}, 0.5);
        assertThat(multi.at(1.0, 9)).isEqualTo(1.0);
        assertThat(multi.at(1.0, 10)).isEqualTo(0.5);
        assertThat(multi.at(1.0, 24)).isEqualTo(0.5);
        assertThat(multi.at(1.0, 25)).isEqualTo(0.25);
        assertThat(new Exponential(0.5).at(2.0, 3)).isEqualTo(0.25);
    }

    @Test
    void cosineAnnealing() {
        CosineAnnealing cosine = CosineAnnealing.of(10, 0.1);
        assertThat(cosine.at(1.0, 0)).isEqualTo(1.0);
        assertThat(cosine.at(1.0, 5)).isCloseTo(0.55, offset(1e-15));
        assertThat(cosine.at(1.0, 10)).isCloseTo(0.1, offset(1e-15));
        assertThat(cosine.at(1.0, 50)).isCloseTo(0.1, offset(1e-15));
        CosineAnnealing restarts = CosineAnnealing.withRestarts(4, 2, 0.0);
        assertThat(restarts.at(1.0, 4)).isEqualTo(1.0); // restart after the first period of 4
        assertThat(restarts.at(1.0, 6)).isCloseTo(0.5 * (1 + Math.cos(Math.PI * 2 / 8)), offset(1e-15));
        assertThat(restarts.at(1.0, 12)).isEqualTo(1.0); // then after 8 more
        CosineAnnealing plainRestarts = CosineAnnealing.withRestarts(4, 1, 0.0);
        assertThat(plainRestarts.at(1.0, 2)).isCloseTo(0.5, offset(1e-15));
        assertThat(plainRestarts.at(1.0, 6)).isCloseTo(0.5, offset(1e-15));
    }

    @Test
    void polynomialDecaysToZeroAsInTorchsDocumentation() {
        Polynomial linear = Polynomial.linear(4); // torch's PolynomialLR example: lr 0.001, total_iters 4
        assertThat(linear.at(0.001, 0)).isEqualTo(0.001);
        assertThat(linear.at(0.001, 1)).isCloseTo(0.00075, offset(1e-18));
        assertThat(linear.at(0.001, 2)).isCloseTo(0.0005, offset(1e-18));
        assertThat(linear.at(0.001, 3)).isCloseTo(0.00025, offset(1e-18));
        assertThat(linear.at(0.001, 4)).isZero();
        assertThat(linear.at(0.001, 100)).isZero();
        assertThat(new Polynomial(10, 2).at(1.0, 5)).isEqualTo(0.25);
    }

    @Test
    void oneCycleRisesToTheOptimizersRateThenFallsToItsMinimum() {
        OneCycle cycle = new OneCycle(100, 0.3, true, 25, 1e4, false, null); // linear: phase ends 29 and 99
        assertThat(cycle.at(0.5, 0)).isEqualTo(0.02);
        assertThat(cycle.at(0.5, 29)).isEqualTo(0.5);
        assertThat(cycle.at(0.5, 99)).isCloseTo(2e-6, offset(1e-16));
        assertThat(cycle.at(0.5, 100)).as("held after the cycle").isEqualTo(0.02 / 1e4);
        OneCycle three = new OneCycle(100, 0.3, false, 25, 1e4, true, null); // phase ends 29, 58 and 99
        assertThat(three.at(0.5, 58)).isCloseTo(0.02, offset(1e-17));
    }

    @Test
    void cyclicRisesFromItsBaseToTheOptimizersRateAndBack() {
        Cyclic triangular = Cyclic.triangular(0.1, 4);
        assertThat(triangular.at(0.5, 0)).isEqualTo(0.1);
        assertThat(triangular.at(0.5, 2)).isCloseTo(0.3, offset(1e-16));
        assertThat(triangular.at(0.5, 4)).isCloseTo(0.5, offset(1e-16));
        assertThat(triangular.at(0.5, 8)).isCloseTo(0.1, offset(1e-16));
        Cyclic halving = new Cyclic(0.0, 4, 4, Cyclic.Mode.TRIANGULAR2, 1, null);
        assertThat(halving.at(1.0, 12)).isCloseTo(0.5, offset(1e-16)); // second cycle's peak
    }

    @Test
    void linearWarmupComposesWithAnySchedule() {
        LinearWarmup warmup = new LinearWarmup(4, 0.25, new StepDecay(10, 0.1));
        assertThat(warmup.at(1.0, 0)).isEqualTo(0.25);
        assertThat(warmup.at(1.0, 2)).isEqualTo(0.625);
        assertThat(warmup.at(1.0, 4)).isEqualTo(1.0);
        assertThat(warmup.at(1.0, 10)).isCloseTo(0.1, offset(1e-16));
        ScheduleState state = warmup.init(1.0);
        for (long t = 0; t < 12; t++) {
            assertThat(state.rate(t)).isEqualTo(warmup.at(1.0, t));
        }
    }

    @Test
    void theRateIsRelativeToTheOptimizersRate() {
        // one owner: the optimizer's rate; the schedule is its shape
        assertThat(new StepDecay(10, 0.5).at(0.4, 10)).isEqualTo(0.2);
        assertThat(CosineAnnealing.of(10, 0).at(0.4, 0)).isEqualTo(0.4);
        assertThat(new StepDecay(10, 0.5).init(0.4).rate(25)).isEqualTo(0.1);
    }

    @Test
    void reduceOnPlateauFollowsObservedValues() {
        ReduceOnPlateau plateau = new ReduceOnPlateau(0.5, 2, 1e-4, 1, 0.1);
        ScheduleState state = plateau.init(1.0);
        state.observe(0, 10);
        state.observe(1, 9); // improvement
        assertThat(state.rate(2)).isEqualTo(1.0);
        state.observe(2, 9);
        state.observe(3, 9);
        assertThat(state.rate(4)).isEqualTo(1.0); // two bad observations: patience 2 not yet exceeded
        state.observe(4, 9);
        assertThat(state.rate(5)).isEqualTo(0.5); // third bad one reduces
        state.observe(5, 9); // cooldown
        state.observe(6, 9);
        state.observe(7, 9);
        assertThat(state.rate(8)).isEqualTo(0.5);
        state.observe(8, 9);
        assertThat(state.rate(9)).isEqualTo(0.25);
        for (int i = 0; i < 40; i++) {
            state.observe(10 + i, 9);
        }
        assertThat(state.rate(60)).isEqualTo(0.1); // floored at the minimum
        assertThat(plateau.at(1.0, 60)).as("the schedule itself observes nothing").isEqualTo(1.0);
    }

    @Test
    void eachRunHasItsOwnPlateauAndACheckpointRestoresIt() throws IOException {
        ReduceOnPlateau plateau = new ReduceOnPlateau(0.5, 0, 0, 0, 0);
        ScheduleState first = plateau.init(1.0);
        first.observe(0, 5);
        first.observe(1, 5); // no improvement, patience 0: halved
        assertThat(first.rate(2)).isEqualTo(0.5);
        ScheduleState second = plateau.init(1.0);
        assertThat(second.rate(0)).as("a second run starts afresh").isEqualTo(1.0);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        first.writeTo(new DataOutputStream(bytes));
        ScheduleState restored = plateau.init(1.0);
        restored.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.rate(2)).isEqualTo(0.5);
        restored.observe(2, 5);
        first.observe(2, 5);
        assertThat(restored.rate(3)).isEqualTo(first.rate(3)).isEqualTo(0.25);
    }

    @Test
    void invalidParametersAreRefused() {
        assertThatThrownBy(() -> new StepDecay(0, 0.5)).hasMessage("stepSize must be at least 1: 0");
        assertThatThrownBy(() -> new Exponential(1.5)).hasMessage("gamma must be in (0, 1]: 1.5");
        assertThatThrownBy(() -> new MultiStep(new long[] {5, 5}, 0.5))
                .hasMessage("milestones must be positive and strictly increasing: [5, 5]");
        assertThatThrownBy(() -> new ReduceOnPlateau(1.0, 1, 0, 0, 0)).hasMessage("factor must be in (0, 1): 1.0");
        assertThatThrownBy(() -> Schedule.constant().at(0.1, -1)).hasMessage("step must be at least 0: -1");
        assertThatThrownBy(() -> new LinearWarmup(0, 0.5, Schedule.constant())).hasMessage("steps must be at least 1: 0");
        assertThatThrownBy(() -> new Polynomial(0, 1)).hasMessage("total must be at least 1: 0");
        assertThatThrownBy(() -> new Polynomial(5, 0)).hasMessage("power must be in (0, inf): 0.0");
        assertThatThrownBy(() -> new OneCycle(100, 1.5, false, 25, 1e4, false, null)).hasMessage("pct must be in [0, 1]: 1.5");
        assertThatThrownBy(() -> new OneCycle(10, 0.1, false, 25, 1e4, false, null))
                .hasMessage("pct * total must not be 1 (the first phase would have no steps): 0.1 * 10");
        assertThatThrownBy(() -> new OneCycle(10, 0.3, false, 0, 1e4, false, null)).hasMessage("div must be in (0, inf): 0.0");
        assertThatThrownBy(() -> new Cyclic(0.1, 0, 5, Cyclic.Mode.TRIANGULAR, 1, null)).hasMessage("up must be at least 1: 0");
        assertThatThrownBy(() -> new Cyclic(-0.1, 5, 5, Cyclic.Mode.TRIANGULAR, 1, null)).hasMessage("base must be in [0, inf): -0.1");
        assertThatThrownBy(() -> new Cyclic(0.1, 5, 5, Cyclic.Mode.EXP_RANGE, 2, null)).hasMessage("gamma must be in (0, 1]: 2.0");
        assertThatThrownBy(() -> Schedule.constant().init(-1)).hasMessage("baseRate must be in [0, inf): -1.0");
    }
}
