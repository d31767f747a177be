package dev.descent;

/**
 * Sees every step of a run: progress bars, plots, logging, early stopping. The loop knows nothing
 * about what a listener does. A listener that wants to stop the run says so through a
 * {@link dev.descent.stop.StoppingRules#callback callback} stopping rule, not by throwing.
 */
@FunctionalInterface
public interface Listener {

    /**
     * Called after every update, and at the start point (iteration 0) when the value there is known
     * (minimizing a function, full-batch training).
     */
    void onStep(Progress progress);

    /**
     * Called at the end of every epoch, after the stopping rules ({@link Progress#stopping()} says
     * whether this is the last); when minimizing a function, after every iteration.
     */
    default void onEpoch(Progress progress) {}

    /** Called once with the result. */
    default void onEnd(Result result) {}
}
