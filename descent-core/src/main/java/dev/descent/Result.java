package dev.descent;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a run. The point is the best seen (lowest watched value, or highest when the
 * optimizer maximizes), which is the last point for a run that converged and an earlier one for a
 * run that diverged or met a NaN; a loop set to {@link dev.descent.loop.Minimizer#returningLastPoint()} returns the
 * last point unless the run failed.
 *
 * @param point the best point seen, a private copy
 * @param value the value at {@code point} (for mini-batch training, the mean batch loss of its epoch)
 * @param gradientNorm the Euclidean gradient norm at {@code point} (of the last batch in mini-batch training)
 * @param iterations the updates taken; for {@link StopReason#NON_FINITE} and {@link StopReason#DIVERGED}
 *     the iteration at which that was detected
 * @param epochs the epochs completed (equal to {@code iterations} when minimizing a function)
 * @param valueEvaluations calls to the objective
 * @param gradientEvaluations calls that computed a gradient
 * @param stopReason why the run stopped
 * @param detail a sentence with specifics (which entry was NaN, what the line search tried), or empty
 * @param elapsed wall-clock time of the run
 * @param trace every step when requested (iteration 0 is the start), else empty
 * @param bounds the box of a bounded run ({@link dev.descent.loop.Minimizer#bounds}), or null for an unbounded one;
 *     with bounds, {@code gradientNorm} is the projected gradient's infinity norm
 *     ({@link Bounds#projectedGradient})
 * @param startProjected how many entries of the start lay outside the box and were projected onto
 *     it before the first evaluation, as SciPy's L-BFGS-B does; 0 for a feasible start or no bounds
 * @param activeBounds the bounds active at {@code point} ({@link Bounds#activeAt}); none without bounds
 */
public record Result(double[] point, double value, double gradientNorm, long iterations, long epochs, long valueEvaluations,
                     long gradientEvaluations, StopReason stopReason, String detail, Duration elapsed,
                     List<TraceStep> trace, Bounds bounds, int startProjected, Bounds.Active activeBounds) {

    /** Copies the point and the trace. */
    public Result {
        point = point.clone();
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(activeBounds, "activeBounds");
        trace = List.copyOf(trace);
    }

    /** The result of an unbounded run. */
    public Result(double[] point, double value, double gradientNorm, long iterations, long epochs, long valueEvaluations,
                  long gradientEvaluations, StopReason stopReason, String detail, Duration elapsed,
                  List<TraceStep> trace) {
        this(point, value, gradientNorm, iterations, epochs, valueEvaluations, gradientEvaluations, stopReason, detail,
                elapsed, trace, null, 0, Bounds.Active.NONE);
    }

    /** True for a run within a box ({@link dev.descent.loop.Minimizer#bounds}). */
    public boolean bounded() {
        return bounds != null;
    }

    /** The best point seen, a copy. */
    @Override
    public double[] point() {
        return point.clone();
    }

    /** True when a tolerance was met (not a budget, a failure or a callback). */
    public boolean converged() {
        return stopReason.converged();
    }

    @Override
    public String toString() {
        return "Result[value=" + value + ", gradientNorm=" + gradientNorm + ", iterations=" + iterations
                + ", epochs=" + epochs + ", evaluations=" + valueEvaluations + ", stop=" + stopReason
                + (detail.isEmpty() ? "" : " (" + detail + ")")
                + (bounds == null ? "" : ", startProjected=" + startProjected + ", active=" + activeBounds)
                + ", point=" + java.util.Arrays.toString(point) + "]";
    }
}
