package dev.descent;

/**
 * Why a run stopped. Only the three tolerance reasons and {@link #OPTIMALITY_CONDITIONS} are convergence; running out of a budget is
 * never reported as convergence, and early stopping ({@link #NO_IMPROVEMENT}) is a deliberate stop,
 * not convergence either. {@link #failed()} tells the reasons that mean something went wrong.
 */
public enum StopReason {
    /** The gradient norm fell below its tolerance (absolute, or relative to the first gradient). */
    GRADIENT_TOLERANCE(true, "the gradient norm fell below its tolerance: a stationary point"),
    /**
     * The run's point was made exact by solving the problem's optimality conditions on its active set
     * (a kinked loss's rows at the kink, an L1 penalty's zeros) and checking them: an exact optimum with
     * a certificate, not a tolerance met.
     */
    OPTIMALITY_CONDITIONS(true, "the optimality conditions were solved exactly on the active set and checked: "
            + "the exact optimum"),
    /** The change in value between iterations fell below {@code ftol * max(1, |f|)}. */
    VALUE_TOLERANCE(true, "the value stopped changing (|delta f| <= ftol * max(1, |f|))"),
    /** The step fell below {@code xtol * max(1, ||x||)}. */
    STEP_TOLERANCE(true, "the steps became negligible (||delta x|| <= xtol * max(1, ||x||))"),
    /** The iteration budget ran out. */
    MAX_ITERATIONS(false, "the iteration budget ran out before any tolerance was met"),
    /** The epoch budget of a training run ran out. */
    MAX_EPOCHS(false, "the epoch budget ran out before any tolerance was met"),
    /** The watched value (the validation loss in training) did not improve for the patience given: early stopping. */
    NO_IMPROVEMENT(false, "the watched value stopped improving (early stopping): the best point is returned"),
    /** The evaluation budget ran out. */
    MAX_EVALUATIONS(false, "the evaluation budget ran out before any tolerance was met"),
    /** The wall-clock budget ran out. */
    TIME_LIMIT(false, "the time budget ran out before any tolerance was met"),
    /** The user's callback asked to stop. */
    CALLBACK(false, "the callback asked to stop"),
    /** The value grew past the divergence factor of the best value seen. */
    DIVERGED(false, "the value grew far above the best seen: the steps overshoot (try a smaller learning rate)"),
    /** A value or gradient entry became NaN or infinite. */
    NON_FINITE(false, "a value or gradient became NaN or infinite"),
    /**
     * The value fell below {@code -Minimizer.UNBOUNDED_FACTOR * max(1, |f(start)|)}, or below
     * {@code -Minimizer.UNBOUNDED_SLOPE_FACTOR * max(1, |f(start)|)} with a gradient norm no smaller than
     * at the first epoch below {@code -Minimizer.SLOPE_REFERENCE_FACTOR * max(1, |f(start)|)} (above
     * their negatives when maximizing), or became -infinity: the objective is unbounded below, so there
     * is no minimum to converge to. A descent that has fallen a million times below the start's scale
     * while its slope has not flattened over the last thousandfold of that fall has no minimum ahead
     * of it, since near a minimum the gradient shrinks. See {@link dev.descent.loop.Minimizer} for the
     * rules.
     */
    UNBOUNDED(false, "the value fell without bound, 15 orders of magnitude below the start's scale, or 6 with a "
            + "slope that did not flatten: the objective is unbounded below, so there is no minimum to find"),
    /** The line search found no acceptable step: usually the limit of floating-point precision. */
    LINE_SEARCH_FAILED(false, "the line search found no step that decreases the value (precision limit or wrong gradient)");

    private final boolean converged;
    private final String explanation;

    StopReason(boolean converged, String explanation) {
        this.converged = converged;
        this.explanation = explanation;
    }

    /** True for the tolerance reasons only. */
    public boolean converged() {
        return converged;
    }

    /**
     * True for the reasons that mean the run went wrong: divergence, a non-finite value, an objective
     * unbounded below, a failed line search.
     */
    public boolean failed() {
        return this == DIVERGED || this == NON_FINITE || this == UNBOUNDED || this == LINE_SEARCH_FAILED;
    }

    /** The reason in words, for people. */
    public String explanation() {
        return explanation;
    }
}
