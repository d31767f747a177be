package dev.descent;

import static dev.descent.stop.StoppingRules.gradientMaxNorm;
import static dev.descent.stop.StoppingRules.gradientNorm;
import static dev.descent.stop.StoppingRules.maxEvaluations;
import static dev.descent.stop.StoppingRules.maxIterations;
import static dev.descent.stop.StoppingRules.relativeGradientNorm;
import static dev.descent.stop.StoppingRules.stepSize;
import static dev.descent.stop.StoppingRules.timeLimit;
import static dev.descent.stop.StoppingRules.valueChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.loop.Minimizer;
import dev.descent.optim.Adam;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Sgd;
import dev.descent.stop.StoppingRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MinimizerTest {

    /** f = 0.5 * (x^2 + 10 y^2): Lipschitz constant of the gradient L = 10, so gd diverges for eta > 2/L = 0.2. */
    static final Objective BOWL = Objectives.of(2,
            x -> 0.5 * (x[0] * x[0] + 10 * x[1] * x[1]),
            (x, g) -> {
                g[0] = x[0];
                g[1] = 10 * x[1];
            });

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 30})
    void nanInjectedAtStepKStopsWithNonFiniteAtStepK(int k) {
        int[] calls = {0};
        Objective poisoned = Objectives.of(2, x -> BOWL.value(x), (x, g) -> {
            BOWL.valueAndGradient(x, g);
            if (calls[0]++ == k) { // call 0 is the start point, call k follows update k
                g[1] = Double.NaN;
            }
        });
        Result result = Minimizer.using(GradientDescent.fixed(0.01)).minimize(poisoned, new double[] {1, 1});
        assertThat(result.stopReason()).isEqualTo(StopReason.NON_FINITE);
        assertThat(result.iterations()).isEqualTo(k);
        assertThat(result.detail()).contains("gradient entry 1 is NaN at iteration " + k);
        assertThat(result.converged()).isFalse();
        assertThat(Double.isFinite(result.value())).isTrue();
        // the best point seen is the last finite one, not the poisoned one
        assertThat(result.value()).isEqualTo(BOWL.value(result.point()));
    }

    /**
     * Heavy-ball momentum on the bowl spirals in: its values are not monotone, and the lowest one
     * can lie at a point whose gradient is above the tolerance. A run that stops at the gradient test
     * returns the point that met it, so its result's gradient norm is within the tolerance.
     */
    @Test
    void aRunThatMeetsTheGradientTestReturnsThePointThatMetIt() {
        int lowerEarlier = 0;
        for (double momentum : new double[] {0.5, 0.7, 0.8, 0.9, 0.95}) {
            for (double rate : new double[] {0.01, 0.03, 0.1, 0.15}) {
                Result result = Minimizer.using(new Sgd(rate).withMomentum(momentum)).stoppingWhen(gradientNorm(1e-6).or(maxIterations(100_000)))
                        .recordingTrace().minimize(BOWL, new double[] {1, 1});
                assertThat(result.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
                assertThat(result.gradientNorm()).as("momentum %s, lr %s", momentum, rate).isLessThanOrEqualTo(1e-6);
                TraceStep last = result.trace().get(result.trace().size() - 1);
                assertThat(result.point()).isEqualTo(last.point());
                if (result.trace().stream().anyMatch(step -> step.value() < result.value())) {
                    lowerEarlier++;
                }
            }
        }
        assertThat(lowerEarlier).as("runs whose lowest value came before the converged point").isPositive();
    }

    @Test
    void nonFiniteValueAtStartIsReportedAtIterationZero() {
        Objective broken = Objectives.of(1, x -> Double.POSITIVE_INFINITY, (x, g) -> g[0] = 1);
        Result result = Minimizer.using(new Adam(0.1)).minimize(broken, new double[] {0});
        assertThat(result.stopReason()).isEqualTo(StopReason.NON_FINITE);
        assertThat(result.iterations()).isZero();
        assertThat(result.detail()).contains("the value is Infinity at iteration 0");
    }

    @Test
    void tooLargeLearningRateOnAQuadraticDiverges() {
        double[] start = {1, 1};
        Result result = Minimizer.using(GradientDescent.fixed(0.25)) // > 2 / L = 0.2
                .recordingTrace()
                .minimize(BOWL, start);
        assertThat(result.stopReason()).isEqualTo(StopReason.DIVERGED);
        assertThat(result.converged()).isFalse();
        // every step grows |y| by |1 - 0.25 * 10| = 1.5, so the best point is the start
        assertThat(result.point()).containsExactly(start);
        assertThat(result.value()).isEqualTo(BOWL.value(start));
        List<TraceStep> trace = result.trace();
        TraceStep last = trace.get(trace.size() - 1);
        assertThat(last.value() - result.value()).isGreaterThan(Minimizer.DEFAULT_DIVERGENCE_FACTOR * result.value());
        assertThat(result.iterations()).isEqualTo(last.iteration());
        // a function has iterations, not epochs: its one batch makes every epoch one iteration
        assertThat(result.detail()).isEqualTo("value " + last.value() + " at iteration " + result.iterations()
                + " against best " + result.value());
    }

    @Test
    void divergenceFactorIsConfigurable() {
        Result early = Minimizer.using(GradientDescent.fixed(0.25)).divergenceFactor(10).minimize(BOWL, new double[] {1, 1});
        Result late = Minimizer.using(GradientDescent.fixed(0.25)).minimize(BOWL, new double[] {1, 1});
        assertThat(early.stopReason()).isEqualTo(StopReason.DIVERGED);
        assertThat(early.iterations()).isLessThan(late.iterations());
        Result off = Minimizer.using(GradientDescent.fixed(0.25)).divergenceFactor(Double.POSITIVE_INFINITY)
                .stoppingWhen(maxIterations(50)).minimize(BOWL, new double[] {1, 1});
        assertThat(off.stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
    }

    @Test
    void runningOutOfIterationsIsNotConvergence() {
        Result result = Minimizer.using(GradientDescent.fixed(1e-3)).stoppingWhen(gradientNorm(1e-12).or(maxIterations(5)))
                .minimize(BOWL, new double[] {1, 1});
        assertThat(result.stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
        assertThat(result.iterations()).isEqualTo(5);
        assertThat(result.converged()).isFalse();
        assertThat(result.valueEvaluations()).isEqualTo(6);
        assertThat(result.gradientEvaluations()).isEqualTo(6);
    }

    @Test
    void everyToleranceRuleStopsWithItsReason() {
        double[] start = {1, 1};
        Minimizer gd = Minimizer.using(GradientDescent.fixed(0.05));
        assertThat(gd.stoppingWhen(gradientNorm(1e-6)).minimize(BOWL, start))
                .satisfies(r -> assertThat(r.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE))
                .satisfies(r -> assertThat(r.gradientNorm()).isLessThanOrEqualTo(1e-6));
        assertThat(gd.stoppingWhen(gradientMaxNorm(1e-6)).minimize(BOWL, start).stopReason())
                .isEqualTo(StopReason.GRADIENT_TOLERANCE);
        Result relative = gd.stoppingWhen(relativeGradientNorm(1e-3)).minimize(BOWL, start);
        assertThat(relative.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
        assertThat(relative.gradientNorm()).isLessThanOrEqualTo(1e-3 * Math.sqrt(101));
        assertThat(gd.stoppingWhen(valueChange(1e-10)).minimize(BOWL, start).stopReason())
                .isEqualTo(StopReason.VALUE_TOLERANCE);
        assertThat(gd.stoppingWhen(stepSize(1e-8)).minimize(BOWL, start).stopReason())
                .isEqualTo(StopReason.STEP_TOLERANCE);
        Result evaluations = gd.stoppingWhen(maxEvaluations(17)).minimize(BOWL, start);
        assertThat(evaluations.stopReason()).isEqualTo(StopReason.MAX_EVALUATIONS);
        assertThat(evaluations.valueEvaluations()).isEqualTo(17);
        assertThat(gd.stoppingWhen(timeLimit(Duration.ZERO)).minimize(BOWL, start).stopReason())
                .isEqualTo(StopReason.TIME_LIMIT);
        Result callback = gd.stoppingWhen(StoppingRules.callback(p -> p.iteration() == 3)).minimize(BOWL, start);
        assertThat(callback.stopReason()).isEqualTo(StopReason.CALLBACK);
        assertThat(callback.iterations()).isEqualTo(3);
    }

    @Test
    void firstRuleOfAnOrWinsWhenBothFire() {
        Result result = Minimizer.using(GradientDescent.fixed(0.05))
                .stoppingWhen(maxIterations(0).or(gradientNorm(1e9)))
                .minimize(BOWL, new double[] {1, 1});
        assertThat(result.stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
        assertThat(result.iterations()).isZero();
    }

    @Test
    void traceHoldsTheStartAndEveryUpdate() {
        double[] start = {1, 1};
        Result result = Minimizer.using(GradientDescent.fixed(0.05)).stoppingWhen(maxIterations(4)).recordingTrace()
                .minimize(BOWL, start);
        List<TraceStep> trace = result.trace();
        assertThat(trace).hasSize(5);
        assertThat(trace.get(0).iteration()).isZero();
        assertThat(trace.get(0).point()).containsExactly(start);
        assertThat(trace.get(0).stepLength()).isZero();
        assertThat(trace.get(0).learningRate()).isNaN();
        // gd step by hand: x1 = x0 - 0.05 * (x0, 10 y0) = (0.95, 0.5)
        assertThat(trace.get(1).point()).containsExactly(0.95, 0.5);
        assertThat(trace.get(1).learningRate()).isEqualTo(0.05);
        assertThat(trace.get(1).stepLength()).isEqualTo(Math.hypot(0.05, 0.5));
        assertThat(trace.get(1).value()).isEqualTo(BOWL.value(new double[] {0.95, 0.5}));
        assertThat(trace.get(1).gradientNorm()).isEqualTo(Math.hypot(0.95, 5));
        for (int k = 0; k < trace.size(); k++) {
            assertThat(trace.get(k).iteration()).isEqualTo(k);
        }
        assertThat(Minimizer.using(GradientDescent.fixed(0.05)).minimize(BOWL, start).trace()).isEmpty();
    }

    @Test
    void listenersSeeEveryStepAndTheEnd() {
        List<Long> seen = new ArrayList<>();
        List<Result> ends = new ArrayList<>();
        Listener listener = new Listener() {
            @Override
            public void onStep(Progress progress) {
                seen.add(progress.iteration());
            }

            @Override
            public void onEnd(Result result) {
                ends.add(result);
            }
        };
        Result result = Minimizer.using(GradientDescent.fixed(0.05)).stoppingWhen(maxIterations(6)).listener(listener)
                .minimize(BOWL, new double[] {1, 1});
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(ends).containsExactly(result);
    }

    @Test
    void startIsNotModified() {
        double[] start = {1, 1};
        Minimizer.using(new Adam(0.1)).stoppingWhen(maxIterations(10)).minimize(BOWL, start);
        assertThat(start).containsExactly(1, 1);
    }

    @Test
    void gradientClippingByNormLimitsEveryStep() {
        Result result = Minimizer.using(GradientDescent.fixed(0.01)).clipping(GradientClipping.byNorm(1.0))
                .stoppingWhen(maxIterations(20)).recordingTrace().minimize(BOWL, new double[] {100, 100});
        for (TraceStep step : result.trace().subList(1, result.trace().size())) {
            assertThat(step.stepLength()).isLessThanOrEqualTo(0.01 + 1e-15);
        }
        Result byValue = Minimizer.using(GradientDescent.fixed(0.01)).clipping(GradientClipping.byValue(0.5))
                .stoppingWhen(maxIterations(1)).recordingTrace().minimize(BOWL, new double[] {100, -100});
        assertThat(byValue.trace().get(1).point()).containsExactly(100 - 0.005, -100 + 0.005);
    }

    @Test
    void clippingIsRefusedForLbfgs() {
        assertThatThrownBy(() -> Minimizer.using(Lbfgs.defaults()).clipping(GradientClipping.byNorm(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gradient clipping does not apply to lbfgs");
        assertThatThrownBy(() -> GradientClipping.byNorm(0)).hasMessage("maxNorm must be in (0, inf): 0.0");
        assertThatThrownBy(() -> GradientClipping.byValue(-1)).hasMessage("limit must be in (0, inf): -1.0");
    }

    @Test
    void maximizingOptimizerClimbs() {
        Objective hill = Objectives.of(1, x -> -(x[0] - 3) * (x[0] - 3), (x, g) -> g[0] = -2 * (x[0] - 3));
        Result result = Minimizer.using(new Sgd(0.1).withMaximize(true)).stoppingWhen(gradientNorm(1e-10))
                .minimize(hill, new double[] {0});
        assertThat(result.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
        assertThat(result.point()[0]).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void dimensionMismatchIsRefused() {
        assertThatThrownBy(() -> Minimizer.using(new Adam(0.1)).minimize(BOWL, new double[] {1}))
                .hasMessage("start has 1 entries, the objective has dimension 2");
        assertThatThrownBy(() -> Minimizer.using(new Adam(0.1)).minimize(BOWL, new double[] {1, 2}, new Adam(0.1).init(3)))
                .hasMessage("optimizer state has dimension 3, the objective has dimension 2");
    }
}
