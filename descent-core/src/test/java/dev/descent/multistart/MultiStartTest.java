package dev.descent.multistart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.loop.Minimizer;
import dev.descent.functions.TestFunction;
import dev.descent.functions.TestFunctions;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.stop.StoppingRules;
import dev.descent.vector.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiStartTest {

    @Test
    void himmelblausFourMinimaAreAllFound() {
        TestFunction himmelblau = TestFunctions.byName("himmelblau", 2);
        MultiStart multiStart = new MultiStart(Minimizer.using(Lbfgs.defaults()).stoppingWhen(StoppingRules.gradientNorm(1e-9)
                .or(StoppingRules.maxIterations(1000))), himmelblau.lowerBounds(), himmelblau.upperBounds(), 40, 42, 1e-4);
        MultiStart.Outcome outcome = multiStart.run(himmelblau);
        assertThat(outcome.minima()).hasSize(4);
        int hits = 0;
        for (double[] known : himmelblau.globalMinima()) {
            MultiStart.LocalMinimum found = outcome.minima().stream()
                    .filter(m -> Vectors.distance(m.point(), known) < 1e-6).findFirst().orElseThrow();
            assertThat(found.value()).isLessThan(1e-12);
            hits += found.hits();
        }
        assertThat(hits + outcome.unconvergedRuns()).isEqualTo(40);
        assertThat(outcome.best().value()).isLessThan(1e-12);
    }

    @Test
    void localAndGlobalMinimaOfTheSixHumpCamelAreTold() {
        TestFunction camel = TestFunctions.byName("six-hump-camel", 2);
        MultiStart.Outcome outcome = new MultiStart(Minimizer.using(GradientDescent.armijo(0.1))
                .stoppingWhen(StoppingRules.gradientNorm(1e-8).or(StoppingRules.maxIterations(5000))),
                camel.lowerBounds(), camel.upperBounds(), 60, 1, 1e-4).run(camel);
        assertThat(outcome.minima().size()).isGreaterThanOrEqualTo(4);
        assertThat(outcome.best().value()).isCloseTo(camel.minimumValue(), org.assertj.core.data.Offset.offset(1e-10));
        assertThat(outcome.minima().get(outcome.minima().size() - 1).value()).isGreaterThan(camel.minimumValue() + 0.1);
    }

    @Test
    void theSameSeedGivesTheSameStartsAndMinima() {
        TestFunction himmelblau = TestFunctions.byName("himmelblau", 2);
        MultiStart a = new MultiStart(Minimizer.using(Lbfgs.defaults()), himmelblau.lowerBounds(), himmelblau.upperBounds(), 10, 9, 1e-4);
        MultiStart b = new MultiStart(Minimizer.using(Lbfgs.defaults()), himmelblau.lowerBounds(), himmelblau.upperBounds(), 10, 9, 1e-4);
        List<double[]> startsA = a.startingPoints();
        List<double[]> startsB = b.startingPoints();
        for (int k = 0; k < startsA.size(); k++) {
            assertThat(startsB.get(k)).containsExactly(startsA.get(k));
            assertThat(startsA.get(k)[0]).isBetween(-5.0, 5.0);
        }
        MultiStart.Outcome first = a.run(himmelblau);
        MultiStart.Outcome second = b.run(himmelblau);
        for (int k = 0; k < first.minima().size(); k++) {
            assertThat(second.minima().get(k).point()).containsExactly(first.minima().get(k).point());
        }
    }

    @Test
    void badConfigurationsAreRefused() {
        Minimizer m = Minimizer.using(Lbfgs.defaults());
        assertThatThrownBy(() -> new MultiStart(m, new double[] {1}, new double[] {0}, 5, 1, 1e-3))
                .hasMessage("box must have finite lower < upper in every coordinate; coordinate 0 is [1.0, 0.0]");
        assertThatThrownBy(() -> new MultiStart(m, new double[] {0}, new double[] {1}, 0, 1, 1e-3))
                .hasMessage("starts must be at least 1: 0");
        assertThatThrownBy(() -> new MultiStart(m, new double[] {0}, new double[] {1}, 3, 1, 0))
                .hasMessage("distanceTolerance must be in (0, inf): 0.0");
    }
}
