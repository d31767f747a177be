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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lessons' pictures, drawn from real runs: the step size, local against global minima, the frame of a race. */
class PicturesTest {

    static Landscape landscape(TestFunction function) {
        return new Landscape(function, List.of("x", "y"), function.globalMinima());
    }

    /**
     * The step-size lesson on the quadratic bowl (largest curvature 10): too small crawls for the good
     * run's budget, too large diverges, the good rate converges; each title says so.
     */
    @Test
    void theStepSizePanelsSayHowEachRateEnded(@TempDir Path dir) throws IOException {
        TestFunction bowl = TestFunctions.byName("quadratic", 2);
        double[] start = bowl.standardStart();
        double[] rates = LearningRateRegimes.at(bowl, start).rates();
        DoubleFunction<Minimizer> loop = rate -> Minimizer.using(GradientDescent.fixed(rate))
                .stoppingWhen(StoppingRules.gradientNorm(1e-6).or(StoppingRules.maxIterations(5000)));
        Path svg = dir.resolve("rates.svg");
        List<Result> runs = Pictures.learningRateComparison(landscape(bowl), start, rates, LearningRateRegimes.NAMES, loop,
                null, "the bowl", svg, 1500, 620);
        assertThat(runs).hasSize(3);
        assertThat(runs.get(1).stopReason()).isEqualTo(StopReason.DIVERGED);
        assertThat(runs.get(2).converged()).isTrue();
        long budget = Math.max(30, 3 * runs.get(2).iterations());
        assertThat(runs.get(0).stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
        assertThat(runs.get(0).iterations()).isEqualTo(budget);
        String text = Files.readString(svg);
        Matcher good = Pattern.compile("good: lr = 0\\.1, converged in (\\d+) steps").matcher(text);
        assertThat(good.find()).isTrue();
        assertThat(Long.parseLong(good.group(1))).isEqualTo(runs.get(2).iterations());
        assertThat(text).contains("too large: lr = 0.22, diverged at step")
                .containsPattern("too small: lr = 0\\.002, f = [0-9.]+ after " + budget + " steps")
                .contains("the bowl");

        Path png = dir.resolve("rates.png");
        Pictures.learningRateComparison(landscape(bowl), start, rates, null, loop, new Range(-5, 5, -3, 3), "", png, 900, 400);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
        assertThatThrownBy(() -> Pictures.learningRateComparison(landscape(bowl), start, rates, List.of("one"), loop, null, "",
                png, 900, 400)).hasMessage("1 names for 3 rates");
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
