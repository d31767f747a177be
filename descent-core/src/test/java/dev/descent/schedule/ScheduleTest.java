package dev.descent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** Values against PyTorch's closed forms, computed by hand. */
class ScheduleTest {

    @Test
    void constantStepMultiStepExponential() {
        assertThat(Schedule.constant(0.1).at(1000)).isEqualTo(0.1);
        StepDecay step = new StepDecay(0.1, 30, 0.1);
        assertThat(step.at(0)).isEqualTo(0.1);
        assertThat(step.at(29)).isEqualTo(0.1);
        assertThat(step.at(30)).isCloseTo(0.01, offset(1e-17));
        assertThat(step.at(65)).isCloseTo(0.001, offset(1e-18));
        MultiStep multi = new MultiStep(1.0, new long[] {10, 25}, 0.5);
        assertThat(multi.at(9)).isEqualTo(1.0);
        assertThat(multi.at(10)).isEqualTo(0.5);
        assertThat(multi.at(24)).isEqualTo(0.5);
        assertThat(multi.at(25)).isEqualTo(0.25);
        assertThat(new Exponential(2.0, 0.5).at(3)).isEqualTo(0.25);
    }

    @Test
    void cosineAnnealing() {
        CosineAnnealing cosine = CosineAnnealing.of(1.0, 10, 0.1);
        assertThat(cosine.at(0)).isEqualTo(1.0);
        assertThat(cosine.at(5)).isCloseTo(0.55, offset(1e-15));
        assertThat(cosine.at(10)).isCloseTo(0.1, offset(1e-15));
        assertThat(cosine.at(50)).isCloseTo(0.1, offset(1e-15));
        CosineAnnealing restarts = CosineAnnealing.withRestarts(1.0, 4, 2, 0.0);
        assertThat(restarts.at(4)).isEqualTo(1.0); // restart after the first period of 4
        assertThat(restarts.at(6)).isCloseTo(0.5 * (1 + Math.cos(Math.PI * 2 / 8)), offset(1e-15));
        assertThat(restarts.at(12)).isEqualTo(1.0); // then after 8 more
        CosineAnnealing plainRestarts = CosineAnnealing.withRestarts(1.0, 4, 1, 0.0);
        assertThat(plainRestarts.at(2)).isCloseTo(0.5, offset(1e-15));
        assertThat(plainRestarts.at(6)).isCloseTo(0.5, offset(1e-15));
    }

    @Test
    void linearWarmupComposesWithAnySchedule() {
        LinearWarmup warmup = new LinearWarmup(4, 0.25, new StepDecay(1.0, 10, 0.1));
        assertThat(warmup.at(0)).isEqualTo(0.25);
        assertThat(warmup.at(2)).isEqualTo(0.625);
        assertThat(warmup.at(4)).isEqualTo(1.0);
        assertThat(warmup.at(10)).isCloseTo(0.1, offset(1e-16));
    }

    @Test
    void reduceOnPlateauFollowsObservedValues() {
        ReduceOnPlateau plateau = new ReduceOnPlateau(1.0, 0.5, 2, 1e-4, 1, 0.1);
        plateau.observe(0, 10);
        plateau.observe(1, 9); // improvement
        assertThat(plateau.at(2)).isEqualTo(1.0);
        plateau.observe(2, 9);
        plateau.observe(3, 9);
        assertThat(plateau.at(4)).isEqualTo(1.0); // two bad observations: patience 2 not yet exceeded
        plateau.observe(4, 9);
        assertThat(plateau.at(5)).isEqualTo(0.5); // third bad one reduces
        plateau.observe(5, 9); // cooldown
        plateau.observe(6, 9);
        plateau.observe(7, 9);
        assertThat(plateau.at(8)).isEqualTo(0.5);
        plateau.observe(8, 9);
        assertThat(plateau.at(9)).isEqualTo(0.25);
        for (int i = 0; i < 40; i++) {
            plateau.observe(10 + i, 9);
        }
        assertThat(plateau.at(60)).isEqualTo(0.1); // floored at the minimum
        assertThat(plateau.best()).isEqualTo(9);
    }

    @Test
    void invalidParametersAreRefused() {
        assertThatThrownBy(() -> new StepDecay(0.1, 0, 0.5)).hasMessage("stepSize must be at least 1: 0");
        assertThatThrownBy(() -> new Exponential(0.1, 1.5)).hasMessage("gamma must be in (0, 1]: 1.5");
        assertThatThrownBy(() -> new MultiStep(0.1, new long[] {5, 5}, 0.5))
                .hasMessage("milestones must be positive and strictly increasing: [5, 5]");
        assertThatThrownBy(() -> new ReduceOnPlateau(0.1, 1.0, 1, 0, 0, 0)).hasMessage("factor must be in (0, 1): 1.0");
        assertThatThrownBy(() -> Schedule.constant(0.1).at(-1)).hasMessage("step must be at least 0: -1");
        assertThatThrownBy(() -> new LinearWarmup(0, 0.5, Schedule.constant(1))).hasMessage("steps must be at least 1: 0");
    }
}
