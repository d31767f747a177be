package dev.descent.loop;

import dev.descent.RunSnapshot;

/**
 * The point of a run with the best watched value so far (the lowest, or the highest when the rule
 * maximizes), with its value and gradient norm, and how many epochs have passed without a better
 * one: what the result returns, what early stopping counts, and what a snapshot carries over.
 *
 * <p>The best watched value is kept signed ({@code sense * watched}, so that lower is always better)
 * and written to a snapshot that way.
 */
final class BestPoint {
    /** 1 when minimizing, -1 when maximizing. */
    private final double sense;
    private final double[] point;
    private double value = Double.NaN;
    private double gradientNorm = Double.NaN;
    private double signedBest = Double.POSITIVE_INFINITY;
    private int epochsSinceImprovement;

    /** @param start copied: the best point until a first value is watched */
    BestPoint(double[] start, double sense) {
        this.point = start.clone();
        this.sense = sense;
    }

    /**
     * Keeps {@code x} when {@code watched} is better than every value watched before, and counts an
     * epoch without improvement otherwise.
     *
     * @param x not modified
     * @param value the value at {@code x}
     * @param gradientNorm the gradient norm at {@code x}
     */
    void watch(double watched, double[] x, double value, double gradientNorm) {
        double signed = sense * watched;
        if (signed < signedBest) {
            signedBest = signed;
            epochsSinceImprovement = 0;
            System.arraycopy(x, 0, point, 0, x.length);
            this.value = value;
            this.gradientNorm = gradientNorm;
        } else {
            epochsSinceImprovement++;
        }
    }

    /** Takes over a snapshot's best point and its bookkeeping. */
    void restore(RunSnapshot snapshot) {
        signedBest = snapshot.bestMonitoredValue();
        System.arraycopy(snapshot.bestPoint(), 0, point, 0, point.length);
        value = snapshot.bestPointValue();
        gradientNorm = snapshot.bestPointGradientNorm();
        epochsSinceImprovement = snapshot.epochsSinceImprovement();
    }

    /** The best point; do not modify. */
    double[] point() {
        return point;
    }

    double value() {
        return value;
    }

    double gradientNorm() {
        return gradientNorm;
    }

    /** The best watched value, as watched (+inf, or -inf when maximizing, before the first). */
    double watched() {
        return sense * signedBest;
    }

    /** The best watched value times the sense, as a snapshot holds it. */
    double signedWatched() {
        return signedBest;
    }

    int epochsSinceImprovement() {
        return epochsSinceImprovement;
    }
}
