package dev.descent;

/**
 * A read-only view of the run after an iteration, handed to stopping rules and listeners. It is
 * one live object updated in place: read it during the call, copy what you keep. The arrays
 * returned must not be modified.
 */
public interface Progress {

    /** Updates taken so far; 0 at the start point. */
    long iteration();

    /** Calls to the objective (value, or value and gradient). */
    long valueEvaluations();

    /** Calls to the objective that computed a gradient. */
    long gradientEvaluations();

    /** The value at the current point. */
    double value();

    /** The value before the last update; NaN at the start point. */
    double previousValue();

    /** The Euclidean norm of the gradient at the current point. */
    double gradientNorm();

    /** The largest absolute gradient entry at the current point. */
    double gradientMaxNorm();

    /** The Euclidean norm of the gradient at the start point. */
    double initialGradientNorm();

    /** The Euclidean length of the last update, {@code ||x_k - x_{k-1}||}; 0 at the start point. */
    double stepLength();

    /** The Euclidean norm of the current point. */
    double pointNorm();

    /** The learning rate (or accepted line-search step) of the last update; NaN at the start point. */
    double learningRate();

    /** Nanoseconds since the run started. */
    long elapsedNanos();

    /** The current point; do not modify. */
    double[] point();

    /** The gradient at the current point, before clipping; do not modify. */
    double[] gradient();
}
