package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.loop.Minimizer;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.functions.TestFunction;
import dev.descent.functions.TestFunctions;
import dev.descent.multistart.MultiStart;
import dev.descent.optim.GradientDescent;
import dev.descent.rangetest.LearningRateRegimes;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lessons' pictures, drawn from real runs: the step size, local against global minima, the frame of a race. */
class PicturesTest {

    static Landscape landscape(TestFunction function) {
        return new Landscape(function, List.of("x", "y"), function.globalMinima());
    }

    /**
     * The step-size lesson on the quadratic bowl (0.5 (x^2 + 10 y^2), largest curvature 10): each
     * panel's title names its regime and rate and says what its run did.
     */
    @Test
    void theStepSizePanelsSayWhatEachRunDid(@TempDir Path dir) throws IOException {
        TestFunction bowl = TestFunctions.byName("quadratic", 2);
        double[] start = bowl.standardStart();
        DoubleFunction<Minimizer> loop = rate -> Minimizer.using(GradientDescent.fixed(rate))
                .stoppingWhen(StoppingRules.gradientNorm(1e-6).or(StoppingRules.maxIterations(5000)));
        LearningRateRegimes lesson = LearningRateRegimes.search(bowl, start, loop);
        Path svg = dir.resolve("rates.svg");
        Pictures.learningRateLesson(landscape(bowl), start, lesson, null, "the bowl", svg, 1500, 620);
        String text = Files.readString(svg);
        LearningRateRegimes.Panel good = lesson.panel(LearningRateRegimes.Regime.GOOD);
        LearningRateRegimes.Panel large = lesson.panel(LearningRateRegimes.Regime.TOO_LARGE);
        assertThat(large.run().stopReason()).isEqualTo(StopReason.DIVERGED);
        // gradient descent on this bowl diverges above 2 / 10
        assertThat(large.rate()).isGreaterThan(0.2);
        // each title in two lines: the regime and rate, then the story
        assertThat(text).contains(">good: lr = " + LearningRateRegimes.compact(good.rate()) + "<")
                .contains(">converged in " + good.run().iterations() + " steps<")
                .contains(">too large: lr = " + LearningRateRegimes.compact(large.rate()) + "<")
                .contains(">diverged at step " + large.run().iterations() + "<")
                .containsPattern(">too small: lr = [0-9.e-]+<")
                .containsPattern(">f = [0-9.]+ after " + lesson.budget() + " steps, still descending<")
                .contains("the bowl");
    }

    /** Rates of one's own: one panel each, titled with its rate and how its run ended. */
    @Test
    void ratesOfOnesOwnGetAPanelEach(@TempDir Path dir) throws IOException {
        TestFunction bowl = TestFunctions.byName("quadratic", 2);
        double[] start = bowl.standardStart();
        DoubleFunction<Minimizer> loop = rate -> Minimizer.using(GradientDescent.fixed(rate))
                .stoppingWhen(StoppingRules.gradientNorm(1e-6).or(StoppingRules.maxIterations(200)));
        Path png = dir.resolve("rates.png");
        List<Result> runs = Pictures.learningRateComparison(landscape(bowl), start, new double[] {0.01, 0.15, 0.25}, loop,
                new Range(-5, 5, -3, 3), "", png, 900, 400);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
        assertThat(runs.get(0).stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
        assertThat(runs.get(1).converged()).isTrue();
        assertThat(runs.get(2).stopReason()).isEqualTo(StopReason.DIVERGED);
        Path svg = dir.resolve("rates.svg");
        Pictures.learningRateComparison(landscape(bowl), start, new double[] {0.01, 0.15, 0.25}, loop, null, "", svg, 900, 400);
        assertThat(Files.readString(svg)).contains(">lr = 0.01<").containsPattern(">f = [0-9.]+ after 200 steps<")
                .contains(">lr = 0.15<").contains(">converged in " + runs.get(1).iterations() + " steps<")
                .contains(">lr = 0.25<").contains(">diverged at step " + runs.get(2).iterations() + "<");
    }

    /** Himmelblau's four minima all have the value 0: every start reaches a global one, each coloured and starred. */
    @Test
    void seededStartsColourTheirPathsByTheMinimumTheyReached(@TempDir Path dir) throws IOException {
        TestFunction himmelblau = TestFunctions.byName("himmelblau", 2);
        Path svg = dir.resolve("minima.svg");
        MultiStart.Outcome outcome = Pictures.localVersusGlobal(landscape(himmelblau), Minimizer.using(GradientDescent.fixed(0.01))
                .stoppingWhen(StoppingRules.gradientNorm(1e-6).or(StoppingRules.maxIterations(5000))),
                new Range(-5, 5, -5, 5), 16, 0, svg, 900, 860);
        assertThat(outcome.minima()).hasSize(4).allMatch(outcome::isGlobal);
        String text = Files.readString(svg);
        assertThat(text).contains("16 starts, 4 distinct minima (seed 0)").contains("global minimum (3.000, 2.000)");
    }

    /** A diverging run does not stretch the frame; a converging one is shown whole. */
    /**
     * Every run's start and end is in the frame: here, on a landscape with no known minima (a typed
     * formula's), a second run ends far from its start, its line search at the precision limit (a
     * failure), at a minimum the first run never went near.
     */
    @Test
    void theFrameOfARaceHoldsEveryRunsStartAndEnd() {
        TestFunction bowl = TestFunctions.byName("quadratic", 2);
        double[] start = bowl.standardStart();
        Result converged = Minimizer.using(GradientDescent.fixed(0.05)).recordingTrace().minimize(bowl, start);
        double[] farStart = {start[0] + 0.5, start[1]};
        double[] otherMinimum = {start[0] - 9.5, start[1] + 3};
        Result stalled = new Result(otherMinimum, 0.5, 1e-9, 40, 40, 60, 60, StopReason.LINE_SEARCH_FAILED,
                "precision limit", java.time.Duration.ZERO,
                List.of(new dev.descent.TraceStep(0, 1, 1, 0, 0, 0, farStart), new dev.descent.TraceStep(40, 0.5, 1e-9, 0, 0, 0,
                        otherMinimum)));
        Landscape formula = new Landscape(bowl, List.of("x", "y"), List.of());
        Range frame = Pictures.rangeAround(formula, List.of(start, farStart), List.of(converged, stalled));
        for (double[] p : List.of(start, farStart, otherMinimum, converged.point())) {
            assertThat(frame.contains(p[0], p[1])).as(java.util.Arrays.toString(p)).isTrue();
        }
    }

    @Test
    void theFrameOfARaceHoldsTheStartsTheMinimaAndTheRunsThatDidNotFail() {
        TestFunction bowl = TestFunctions.byName("quadratic", 2);
        double[] start = bowl.standardStart();
        Result diverged = Minimizer.using(GradientDescent.fixed(0.25)).stoppingWhen(StoppingRules.maxIterations(200))
                .recordingTrace().minimize(bowl, start);
        Result converged = Minimizer.using(GradientDescent.fixed(0.05)).recordingTrace().minimize(bowl, start);
        assertThat(diverged.stopReason().failed()).isTrue();
        Range frame = Pictures.rangeAround(landscape(bowl), List.of(start, start), List.of(diverged, converged));
        assertThat(frame.contains(start[0], start[1])).isTrue();
        assertThat(frame.contains(0, 0)).isTrue();
        assertThat(frame.xMax() - frame.xMin()).isLessThan(20);
        assertThatThrownBy(() -> Pictures.rangeAround(landscape(bowl), List.of(start), List.of(diverged, converged)))
                .hasMessage("1 starts for 2 runs");
    }

    @Test
    void aLandscapeHasTwoVariables() {
        assertThatThrownBy(() -> new Landscape(TestFunctions.byName("quadratic", 3), List.of("x", "y", "z"), List.of()))
                .hasMessage("a landscape is a function of two variables; this one has 3 and names 3");
    }
}
