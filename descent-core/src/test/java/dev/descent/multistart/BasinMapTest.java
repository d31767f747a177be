package dev.descent.multistart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.loop.Minimizer;
import dev.descent.Result;
import dev.descent.functions.TestFunction;
import dev.descent.functions.TestFunctions;
import dev.descent.optim.GradientDescent;
import dev.descent.stop.StoppingRules;
import org.junit.jupiter.api.Test;

/** Which minima are global, which one each run reached, and the basin of every cell of a grid. */
class BasinMapTest {
    static final TestFunction CAMEL = TestFunctions.byName("six-hump-camel", 2);
    static final Minimizer DESCENT = Minimizer.using(GradientDescent.fixed(0.01))
            .stoppingWhen(StoppingRules.gradientNorm(1e-6).or(StoppingRules.maxIterations(5000)));
    static final MultiStart STARTS = new MultiStart(DESCENT.recordingTrace(), new double[] {-2, -1}, new double[] {2, 1}, 60,
            0, 4e-3);

    @Test
    void theTwoGlobalMinimaOfTheCamelAreToldFromItsFourLocalOnes() {
        MultiStart.Outcome outcome = STARTS.run(CAMEL);
        assertThat(outcome.minima()).hasSize(6);
        assertThat(outcome.minima().stream().filter(outcome::isGlobal).count()).isEqualTo(2);
        for (MultiStart.LocalMinimum minimum : outcome.minima()) {
            assertThat(outcome.isGlobal(minimum)).isEqualTo(Math.abs(minimum.value() + 1.0316284535) < 1e-6);
        }
        for (Result run : outcome.runs()) {
            int reached = outcome.minimumOf(run);
            if (!run.converged()) {
                assertThat(reached).isEqualTo(-1);
            } else {
                double[] p = outcome.minima().get(reached).point();
                assertThat(Math.hypot(p[0] - run.point()[0], p[1] - run.point()[1])).isLessThanOrEqualTo(4e-3);
            }
        }
    }

    /** The cell around each minimum the starts found leads to that minimum; row 0 is the top. */
    @Test
    void theCellAroundEachMinimumLeadsToIt() {
        MultiStart.Outcome outcome = STARTS.run(CAMEL);
        BasinMap map = BasinMap.of(STARTS, outcome, DESCENT, CAMEL, 12);
        assertThat(map.minimum()).hasSize(144);
        for (int i = 0; i < outcome.minima().size(); i++) {
            double[] p = outcome.minima().get(i).point();
            int column = (int) ((p[0] + 2) / 4 * 12);
            int row = (int) ((1 - p[1]) / 2 * 12);
            assertThat(map.at(row, column)).as("the cell of minimum %d", i).isEqualTo(i);
        }
        assertThatThrownBy(() -> BasinMap.of(STARTS, outcome, DESCENT, CAMEL, 0)).hasMessage("cells must be at least 1: 0");
    }
}
