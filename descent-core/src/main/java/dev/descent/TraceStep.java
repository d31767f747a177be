package dev.descent;

/**
 * One row of a run's trace.
 *
 * @param iteration 0 for the start point, then one per update
 * @param value the value at {@code point}
 * @param gradientNorm the Euclidean gradient norm at {@code point}; in a bounded run the projected
 *     gradient's infinity norm ({@link Bounds#projectedGradient})
 * @param stepLength {@code ||x_k - x_{k-1}||}; 0 at the start point
 * @param learningRate the learning rate (or accepted line-search step) of the update; NaN at the start
 * @param momentum the momentum coefficient a momentum-cycling schedule set for the update; NaN at the
 *     start and when the schedule leaves the rule's own
 * @param point the point, a private copy
 */
public record TraceStep(long iteration, double value, double gradientNorm, double stepLength, double learningRate,
                        double momentum, double[] point) {
    /** Copies the point. */
    public TraceStep {
        point = point.clone();
    }

    /** The point after the step, a copy. */
    @Override
    public double[] point() {
        return point.clone();
    }

    /** The point's {@code i}-th coordinate, without a copy. */
    public double coordinate(int i) {
        return point[i];
    }
}
