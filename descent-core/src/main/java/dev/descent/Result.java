package dev.descent;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a run. The point is the best seen (lowest watched value, or highest when the
 * optimizer maximizes), which is the last point for a run that converged and an earlier one for a
 * run that diverged or met a NaN; a loop set to {@link Minimizer#returningLastPoint()} returns the
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
 */
public record Result(double[] point, double value, double gradientNorm, long iterations, long epochs, long valueEvaluations,
                     long gradientEvaluations, StopReason stopReason, String detail, Duration elapsed,
                     List<TraceStep> trace) {

    /** Copies the point and the trace. */
    public Result {
        point = point.clone();
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(elapsed, "elapsed");
        trace = List.copyOf(trace);
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
                + (detail.isEmpty() ? "" : " (" + detail + ")") + ", point=" + java.util.Arrays.toString(point) + "]";
    }
}
