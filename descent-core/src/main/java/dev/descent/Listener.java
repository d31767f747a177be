package dev.descent;

/**
 * Sees every step of a run: progress bars, plots, logging, early stopping. The loop knows nothing
 * about what a listener does. A listener that wants to stop the run says so through a
 * {@link dev.descent.stop.StoppingRules#callback callback} stopping rule, not by throwing.
 */
@FunctionalInterface
public interface Listener {

    /** Called at the start point (iteration 0) and after every update. */
    void onStep(Progress progress);

    /** Called once with the result. */
    default void onEnd(Result result) {}
}
