package dev.descent.stop;

import dev.descent.Check;
import dev.descent.Progress;
import dev.descent.StopReason;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The standard stopping rules. Tolerance rules never fire at the start point for the value and
 * step tests (there is no previous iterate); budget rules report budgets, never convergence.
 *
 * <pre>
 * gradientNorm(g):          ||grad f(x_k)||_2 &lt;= g
 * gradientMaxNorm(g):       max_i |grad f(x_k)_i| &lt;= g           (SciPy's L-BFGS-B pgtol)
 * relativeGradientNorm(r):  ||grad f(x_k)||_2 &lt;= r * ||grad f(x_0)||_2
 * valueChange(ftol):        |f_k - f_{k-1}| &lt;= ftol * max(1, |f_k|)
 * stepSize(xtol):           ||x_k - x_{k-1}||_2 &lt;= xtol * max(1, ||x_k||_2)
 * maxEpochs(n):             epochs completed &gt;= n
 * noImprovement(p):         p epochs in a row without a new best watched value
 * </pre>
 */
public final class StoppingRules {
    private static final Optional<StopReason> GRADIENT = Optional.of(StopReason.GRADIENT_TOLERANCE);
    private static final Optional<StopReason> VALUE = Optional.of(StopReason.VALUE_TOLERANCE);
    private static final Optional<StopReason> STEP = Optional.of(StopReason.STEP_TOLERANCE);
    private static final Optional<StopReason> ITERATIONS = Optional.of(StopReason.MAX_ITERATIONS);
    private static final Optional<StopReason> EPOCHS = Optional.of(StopReason.MAX_EPOCHS);
    private static final Optional<StopReason> NO_IMPROVEMENT = Optional.of(StopReason.NO_IMPROVEMENT);
    private static final Optional<StopReason> EVALUATIONS = Optional.of(StopReason.MAX_EVALUATIONS);
    private static final Optional<StopReason> TIME = Optional.of(StopReason.TIME_LIMIT);
    private static final Optional<StopReason> CALLBACK = Optional.of(StopReason.CALLBACK);

    /** SciPy's L-BFGS-B {@code pgtol}: the default largest gradient component of {@link #tolerances()}. */
    public static final double GRADIENT_TOLERANCE = 1e-5;
    /** SciPy's L-BFGS-B {@code factr * eps} (1e7 * 2.2e-16): the default relative value change of {@link #tolerances()}. */
    public static final double VALUE_TOLERANCE = 2.2e-9;

    private StoppingRules() {}

    /**
     * The default convergence test, SciPy's L-BFGS-B tolerances:
     * {@code gradientMaxNorm(1e-5).or(valueChange(2.2e-9))}.
     */
    public static StoppingRule tolerances() {
        return gradientMaxNorm(GRADIENT_TOLERANCE).or(valueChange(VALUE_TOLERANCE));
    }

    /** Euclidean gradient norm at most {@code tolerance} (in [0, inf); 0 disables it in practice). */
    public static StoppingRule gradientNorm(double tolerance) {
        Check.nonNegative("gradient tolerance", tolerance);
        return p -> p.gradientNorm() <= tolerance ? GRADIENT : Optional.empty();
    }

    /** Largest absolute gradient entry at most {@code tolerance}. */
    public static StoppingRule gradientMaxNorm(double tolerance) {
        Check.nonNegative("gradient tolerance", tolerance);
        return p -> p.gradientMaxNorm() <= tolerance ? GRADIENT : Optional.empty();
    }

    /** Euclidean gradient norm at most {@code tolerance} times the first gradient's norm. */
    public static StoppingRule relativeGradientNorm(double tolerance) {
        Check.nonNegative("relative gradient tolerance", tolerance);
        return p -> p.iteration() > 0 && p.gradientNorm() <= tolerance * p.initialGradientNorm()
                ? GRADIENT : Optional.empty();
    }

    /** {@code |f_k - f_{k-1}| <= ftol * max(1, |f_k|)}. */
    public static StoppingRule valueChange(double ftol) {
        Check.nonNegative("value tolerance", ftol);
        return p -> p.iteration() > 0
                && Math.abs(p.value() - p.previousValue()) <= ftol * Math.max(1, Math.abs(p.value()))
                ? VALUE : Optional.empty();
    }

    /** {@code ||x_k - x_{k-1}|| <= xtol * max(1, ||x_k||)}. */
    public static StoppingRule stepSize(double xtol) {
        Check.nonNegative("step tolerance", xtol);
        return p -> p.iteration() > 0 && p.stepLength() <= xtol * Math.max(1, p.pointNorm())
                ? STEP : Optional.empty();
    }

    /** At most {@code maximum} updates (at least 0). */
    public static StoppingRule maxIterations(long maximum) {
        Check.atLeast("maximum iterations", maximum, 0);
        return p -> p.iteration() >= maximum ? ITERATIONS : Optional.empty();
    }

    /** At most {@code maximum} epochs (at least 1); when minimizing a function an epoch is one iteration. */
    public static StoppingRule maxEpochs(long maximum) {
        Check.atLeast("maximum epochs", maximum, 1);
        return p -> p.epoch() >= maximum ? EPOCHS : Optional.empty();
    }

    /**
     * Early stopping: {@code patience} epochs in a row (at least 1) without a watched value below
     * the best so far ({@link Progress#epochsSinceImprovement()}). The run returns the best point.
     */
    public static StoppingRule noImprovement(int patience) {
        Check.atLeast("patience", patience, 1);
        return p -> p.epochsSinceImprovement() >= patience ? NO_IMPROVEMENT : Optional.empty();
    }

    /**
     * At most {@code maximum} objective evaluations (at least 1). Checked between iterations, so a
     * line search may overrun it by its own few evaluations.
     */
    public static StoppingRule maxEvaluations(long maximum) {
        Check.atLeast("maximum evaluations", maximum, 1);
        return p -> p.valueEvaluations() >= maximum ? EVALUATIONS : Optional.empty();
    }

    /** At most {@code budget} of wall-clock time, checked between iterations. */
    public static StoppingRule timeLimit(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative()) {
            throw new IllegalArgumentException("time limit must not be negative: " + budget);
        }
        long nanos = budget.toNanos();
        return p -> p.elapsedNanos() >= nanos ? TIME : Optional.empty();
    }

    /** Stops with {@link StopReason#CALLBACK} when {@code shouldStop} answers true. */
    public static StoppingRule callback(Predicate<Progress> shouldStop) {
        Objects.requireNonNull(shouldStop, "shouldStop");
        return p -> shouldStop.test(p) ? CALLBACK : Optional.empty();
    }
}
