package dev.descent.rangetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.TraceStep;
import dev.descent.functions.TestFunctions;
import dev.descent.loop.Minimizer;
import dev.descent.optim.Optimizers;
import dev.descent.rangetest.LearningRateRegimes.Panel;
import dev.descent.rangetest.LearningRateRegimes.Regime;
import dev.descent.stop.StoppingRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The step-size lesson found by running each optimizer: every panel's run does what its label says,
 * judged here from the run's trace, not from the search's own verdict.
 */
class LearningRateRegimesTest {

    /** x^2 + 5 y^2 + x y: Hessian [[2, 1], [1, 10]], eigenvalues 6 -+ sqrt(17). */
    private static final Objective BOWL = Objectives.of(2, x -> x[0] * x[0] + 5 * x[1] * x[1] + x[0] * x[1],
            (x, g) -> {
                g[0] = 2 * x[0] + x[1];
                g[1] = 10 * x[1] + x[0];
            });
    /** A tilted double well: the global minimum near x = -1.02, a local one near x = 0.97. */
    private static final Objective WELLS = Objectives.of(2,
            x -> Math.pow(x[0] * x[0] - 1, 2) + 0.5 * x[1] * x[1] + 0.2 * x[0],
            (x, g) -> {
                g[0] = 4 * x[0] * (x[0] * x[0] - 1) + 0.2;
                g[1] = x[1];
            });
    private static final Map<String, Objective> FUNCTIONS = Map.of("bowl", BOWL, "rosenbrock",
            TestFunctions.byName("rosenbrock", 2), "wells", WELLS);
    private static final Map<String, double[]> STARTS = Map.of("bowl", new double[] {2, 1.5}, "rosenbrock",
            new double[] {-1.2, 1}, "wells", new double[] {2, 1});
    /**
     * The regimes the grid has no rate for: Rprop adapts its step to every overshoot, so no initial
     * step is too large on the bowl, and on Rosenbrock every initial step meets the tolerance as soon as
     * the smallest; Lion's sign steps keep it from meeting the tolerance in the double well's budget.
     */
    private static final Set<String> ABSENT = Set.of("bowl rprop too large", "rosenbrock rprop too small",
            "wells lion good");

    static Stream<Arguments> cases() {
        return FUNCTIONS.keySet().stream().sorted().flatMap(function -> Optimizers.names().stream()
                .filter(name -> !name.equals("lbfgs")).map(name -> Arguments.of(function, name)));
    }

    private static DoubleFunction<Minimizer> loop(String name) {
        return rate -> Minimizer.using(Optimizers.parse(name + ":lr=" + rate))
                .stoppingWhen(StoppingRules.tolerances().or(StoppingRules.maxIterations(15_000)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyPanelsRunDoesWhatItsLabelSays(String function, String name) {
        Objective objective = FUNCTIONS.get(function);
        double[] start = STARTS.get(function);
        LearningRateRegimes lesson = LearningRateRegimes.search(objective, start, loop(name));
        double startValue = objective.value(start.clone());
        long budget = lesson.budget();

        for (Regime regime : Regime.values()) {
            boolean expectedAbsent = ABSENT.contains(function + " " + name + " " + regime.words());
            if (regime == Regime.GOOD) {
                assertThat(lesson.panel(regime)).isNotNull();
                boolean converged = lesson.panel(regime).run().converged();
                assertThat(converged).as("good converges").isEqualTo(!expectedAbsent);
                assertThat(lesson.absent().stream().anyMatch(s -> s.startsWith("no rate met the tolerance")))
                        .isEqualTo(expectedAbsent);
            } else {
                assertThat(lesson.panel(regime) == null).as(regime.words() + " absent").isEqualTo(expectedAbsent);
            }
        }

        Panel good = lesson.panel(Regime.GOOD);
        if (good.run().converged()) {
            assertThat(good.story()).isEqualTo("converged in " + good.run().iterations() + " steps");
            assertThat(budget).isEqualTo(Math.max(30, 3 * good.run().iterations()));
        }
        Panel small = lesson.panel(Regime.TOO_SMALL);
        if (small != null) {
            Result run = small.run();
            assertThat(small.rate()).isLessThan(good.rate());
            // it has not met the tolerance when the good one is long done, and it is still going down
            assertThat(run.converged()).isFalse();
            assertThat(run.stopReason()).isIn(StopReason.MAX_ITERATIONS);
            assertThat(run.iterations()).isGreaterThanOrEqualTo(Math.min(budget, 15_000));
            assertThat(last(run)).isLessThanOrEqualTo(lowest(run.trace())).isLessThan(startValue);
            assertThat(small.story()).endsWith("still descending");
        }
        Panel large = lesson.panel(Regime.TOO_LARGE);
        if (large != null) {
            Result run = large.run();
            assertThat(large.rate()).isGreaterThan(good.rate());
            assertThat(run.converged()).isFalse();
            if (run.stopReason() == StopReason.DIVERGED || run.stopReason() == StopReason.NON_FINITE) {
                assertThat(large.story()).matches("(diverged|overflowed) at step " + run.iterations());
            } else {
                // oscillates: bouncing (its last value is not its lowest), and far above the lowest value found
                assertThat(run.stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
                assertThat(last(run)).isGreaterThan(lowest(run.trace()));
                List<TraceStep> tail = run.trace().subList(run.trace().size() / 2, run.trace().size());
                assertThat(lowest(tail) - lesson.lowestValue())
                        .isGreaterThanOrEqualTo(0.01 * (startValue - lesson.lowestValue()));
                assertThat(large.story()).startsWith("oscillates: f stays above ");
            }
        }
        assertThat(lesson.rates()).isEqualTo(lesson.panels().stream().mapToDouble(Panel::rate).toArray());
    }

    @Test
    void gradientDescentsRatesOnTheBowlFallWhereTheTheorySaysTheyDo() {
        // gradient descent on a quadratic converges for rates below 2 / L and diverges above; the fewest
        // steps are near 2 / (L + mu) (Nocedal & Wright (2006), ch. 3), and the good rate is the gentlest
        // within 1.25 times those steps
        double bigL = 6 + Math.sqrt(17);
        double mu = 6 - Math.sqrt(17);
        LearningRateRegimes lesson = LearningRateRegimes.search(BOWL, new double[] {2, 1.5}, loop("gd"));
        assertThat(lesson.panel(Regime.TOO_LARGE).rate()).isGreaterThan(2 / bigL);
        Result fastest = loop("gd").apply(2 / (bigL + mu)).minimize(BOWL, new double[] {2, 1.5});
        assertThat(lesson.panel(Regime.GOOD).run().iterations()).isLessThanOrEqualTo((long) (1.25 * fastest.iterations()));
        assertThat(lesson.panel(Regime.GOOD).rate()).isBetween(2 / (bigL + mu) / 1.5, 2 / (bigL + mu));
        assertThat(lesson.panel(Regime.TOO_SMALL).rate()).isLessThan(1 / bigL);
        assertThat(lesson.absent()).isEmpty();
    }

    @Test
    void theRatesPrintedAreTheRatesRun() {
        LearningRateRegimes lesson = LearningRateRegimes.search(BOWL, new double[] {2, 1.5}, loop("adam"));
        for (Panel panel : lesson.panels()) {
            assertThat(Double.parseDouble(LearningRateRegimes.compact(panel.rate()))).isEqualTo(panel.rate());
            assertThat(panel.run().trace().get(1).learningRate()).isEqualTo(panel.rate());
        }
    }

    @Test
    void ratesPrintPlainBetweenAThousandthAndAHundredThousandAndScientificOutside() {
        assertThat(LearningRateRegimes.compact(0.00205)).isEqualTo("0.00205");
        assertThat(LearningRateRegimes.compact(10)).isEqualTo("10");
        assertThat(LearningRateRegimes.compact(177.82794)).isEqualTo("178");
        assertThat(LearningRateRegimes.compact(3.1622776e-5)).isEqualTo("3.16e-5");
        assertThat(LearningRateRegimes.compact(1e-7)).isEqualTo("1e-7");
        assertThat(LearningRateRegimes.compact(1e5)).isEqualTo("1e5");
        assertThat(LearningRateRegimes.compact(0.2)).isEqualTo("0.2");
    }

    @Test
    void rulesThatSearchTheirOwnStepAreRefused() {
        for (String spec : List.of("lbfgs", "gd:line_search=armijo", "gd:line_search=strong-wolfe")) {
            DoubleFunction<Minimizer> loop = rate -> Minimizer.using(Optimizers.parse(spec));
            assertThatThrownBy(() -> LearningRateRegimes.search(BOWL, new double[] {2, 1.5}, loop))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chooses its own step by a line search, so it has no learning rate");
        }
    }

    @Test
    void aStartOutsideTheDomainIsRefused() {
        Objective log = Objectives.of(1, x -> Math.log(x[0]), (x, g) -> g[0] = 1 / x[0]);
        assertThatThrownBy(() -> LearningRateRegimes.search(log, new double[] {0}, loop("gd")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("f is -Infinity at the start");
    }

    @Test
    void aStartAtTheMinimumHasNoLesson() {
        assertThatThrownBy(() -> LearningRateRegimes.search(BOWL, new double[] {0, 0}, loop("gd")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the start is already a stationary point of f");
    }

    private static double last(Result run) {
        return run.trace().get(run.trace().size() - 1).value();
    }

    private static double lowest(List<TraceStep> steps) {
        return steps.stream().mapToDouble(TraceStep::value).min().orElseThrow();
    }
}
