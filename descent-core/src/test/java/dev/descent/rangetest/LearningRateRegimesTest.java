package dev.descent.rangetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.functions.TestFunctions;
import org.junit.jupiter.api.Test;

/** The step-size lesson's three rates, from the curvature at the start. */
class LearningRateRegimesTest {

    @Test
    void onTheQuadraticBowlTheRatesFollowItsLargestCurvature() {
        // 0.5 (x^2 + 10 y^2): the largest curvature is 10, and 500 steps at 2.2 / 10 diverge
        LearningRateRegimes regimes = LearningRateRegimes.at(TestFunctions.byName("quadratic", 2),
                TestFunctions.byName("quadratic", 2).standardStart());
        assertThat(regimes.tooSmall()).isCloseTo(0.002, within(1e-9));
        assertThat(regimes.tooLarge()).isCloseTo(0.22, within(1e-9));
        assertThat(regimes.good()).isCloseTo(0.1, within(1e-9));
        assertThat(regimes.rates()).containsExactly(regimes.tooSmall(), regimes.tooLarge(), regimes.good());
        assertThat(LearningRateRegimes.NAMES).containsExactly("too small", "too large", "good");
    }

    @Test
    void aStartWithoutPositiveCurvatureHasNoRates() {
        Objective plane = Objectives.of(1, x -> 3 * x[0], (x, gradient) -> gradient[0] = 3);
        assertThatThrownBy(() -> LearningRateRegimes.at(plane, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot choose learning rates from the curvature at the start: it is ");
    }
}
