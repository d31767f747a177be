package dev.descent;

/**
 * A read-only view of the run after an iteration, handed to stopping rules and listeners. It is
 * one live object updated in place: read it during the call, copy what you keep. The arrays
 * returned must not be modified.
 *
 * <p>When minimizing a function every iteration is an epoch. When training on mini-batches
 * ({@link BatchedObjective}) an epoch is a pass over the batches: during the epoch {@link #value()}
 * is the loss of the batch just used, at the point before its update; at the epoch's end (stopping
 * rules, {@link Listener#onEpoch}) it is the mean of the epoch's batch losses.
 */
public interface Progress {

    /** Updates taken so far; 0 at the start point. */
    long iteration();

    /** Epochs completed; equal to {@link #iteration()} when minimizing a function. */
    long epoch();

    /**
     * The value the run watches for improvement at the end of each epoch: the monitor's (the
     * validation loss in training), or {@link #value()} without one.
     */
    double monitoredValue();

    /** The lowest watched value so far (+inf before the first). */
    double bestMonitoredValue();

    /** Epochs in a row since the watched value last fell below the best (0 right after a new best). */
    int epochsSinceImprovement();

    /**
     * Why the run stops after this epoch, or null while it goes on: set when {@link Listener#onEpoch}
     * is called, so that a listener can write a last checkpoint.
     */
    StopReason stopping();

    /**
     * A copy of the run's complete state at the end of an epoch, for checkpoints:
     * {@link dev.descent.loop.Minimizer#resume} continues from it to the same bits as an uninterrupted run. Only
     * valid in {@link Listener#onEpoch}.
     */
    RunSnapshot snapshot();

    /** Calls to the objective (value, or value and gradient). */
    long valueEvaluations();

    /** Calls to the objective that computed a gradient. */
    long gradientEvaluations();

    /** The value at the current point. */
    double value();

    /** The value before the last update; NaN at the start point. */
    double previousValue();

    /**
     * The Euclidean norm of the gradient at the current point; at the end of a mini-batch epoch, of
     * the last batch's gradient, and NaN during the epoch (not computed per batch). In a bounded run
     * ({@link dev.descent.loop.Minimizer#bounds}) the projected gradient's infinity norm
     * ({@link Bounds#projectedGradient}), SciPy's L-BFGS-B measure, so the gradient-norm rules stop
     * at a constrained stationary point.
     */
    double gradientNorm();

    /**
     * The largest absolute gradient entry at the current point; in a bounded run, of the projected
     * gradient (the same number as {@link #gradientNorm()}).
     */
    double gradientMaxNorm();

    /** The Euclidean norm of the gradient at the start point. */
    double initialGradientNorm();

    /** The Euclidean length of the last update, {@code ||x_k - x_{k-1}||}; 0 at the start point. */
    double stepLength();

    /** The Euclidean norm of the current point. */
    double pointNorm();

    /** The learning rate (or accepted line-search step) of the last update; NaN at the start point. */
    double learningRate();

    /**
     * The momentum coefficient a momentum-cycling schedule set for the last update
     * ({@link dev.descent.schedule.Schedule#momentum}); NaN at the start point and when the schedule
     * leaves the rule's own.
     */
    default double momentum() {
        return Double.NaN;
    }

    /** Nanoseconds since the run started. */
    long elapsedNanos();

    /** The current point; do not modify. */
    double[] point();

    /** The gradient at the current point, before clipping (not projected in a bounded run); do not modify. */
    double[] gradient();
}
