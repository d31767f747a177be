package dev.descent.ml.train;

import dev.descent.StopReason;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of training: like a minimization's {@link dev.descent.Result}, it says why the run
 * stopped.
 *
 * @param parameters the parameters returned: the last epoch's, or the best validation epoch's when
 *     early stopping is on (and, after a failure, the best finite epoch's)
 * @param history one record per epoch run, including epochs before a resume
 * @param bestEpoch the epoch whose parameters are returned (0: the initial parameters)
 * @param stopReason why the run stopped: {@link StopReason#MAX_EPOCHS}, a convergence tolerance (full
 *     batch), {@link StopReason#NO_IMPROVEMENT} (early stopping), or a failure
 * @param detail specifics of the stop (which value was NaN), or empty
 */
public record TrainingResult(double[] parameters, List<EpochRecord> history, int bestEpoch, StopReason stopReason,
                             String detail) {
    /** Copies. */
    public TrainingResult {
        parameters = parameters.clone();
        history = List.copyOf(history);
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(detail, "detail");
    }

    /** The trained parameters, a copy. */
    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    /** Whether early stopping ended the run. */
    public boolean stoppedEarly() {
        return stopReason == StopReason.NO_IMPROVEMENT;
    }

    /** Whether the loss diverged or became non-finite. */
    public boolean diverged() {
        return stopReason == StopReason.DIVERGED || stopReason == StopReason.NON_FINITE;
    }

    /** Whether a convergence tolerance ended the run (full-batch training). */
    public boolean converged() {
        return stopReason.converged();
    }

    /** The epochs run, including those before a resume. */
    public int epochs() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
    }
}
