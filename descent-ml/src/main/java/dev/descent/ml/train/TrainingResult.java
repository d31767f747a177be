package dev.descent.ml.train;

import dev.descent.StopReason;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of training: like a minimization's {@link dev.descent.Result}, it says why the run
 * stopped.
 *
 * @param parameters the parameters returned: the last epoch's, or the best validation epoch's when
 *     early stopping is on (and, after a failure, the best finite epoch's); never the average, which
 *     is {@link #average()} (the model evaluated and saved is {@link #modelParameters()})
 * @param history one record per epoch run, including epochs before a resume
 * @param bestEpoch the epoch whose parameters are returned (0: the initial parameters)
 * @param stopReason why the run stopped: {@link StopReason#MAX_EPOCHS}, a convergence tolerance (full
 *     batch), {@link StopReason#NO_IMPROVEMENT} (early stopping), or a failure
 * @param detail specifics of the stop (which value was NaN), or empty
 * @param average the average of the parameters when the trainer averaged them ({@link TrainingPlan#averaging})
 *     and at least one point went in, else null; it holds every point of the run up to its last
 *     epoch, including the epochs early stopping waited through after the best one
 */
public record TrainingResult(double[] parameters, List<EpochRecord> history, int bestEpoch, StopReason stopReason,
                             String detail, AveragedParameters average) {
    /** Copies. */
    public TrainingResult {
        parameters = parameters.clone();
        history = List.copyOf(history);
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(detail, "detail");
    }

    /** This result with another detail. */
    public TrainingResult withDetail(String detail) {
        return new TrainingResult(parameters, history, bestEpoch, stopReason, detail, average);
    }

    /** A result without an average. */
    public TrainingResult(double[] parameters, List<EpochRecord> history, int bestEpoch, StopReason stopReason,
                          String detail) {
        this(parameters, history, bestEpoch, stopReason, detail, null);
    }

    /** This result with its history in the units of a target standardized by {@code target} ({@link EpochRecord#inTargetUnits}). */
    public TrainingResult inTargetUnits(dev.descent.ml.data.Standardizer target) {
        if (target == null) {
            return this;
        }
        return new TrainingResult(parameters, history.stream().map(r -> r.inTargetUnits(target)).toList(), bestEpoch,
                stopReason, detail, average);
    }

    /**
     * Whether the model to evaluate and save is the average: there is one ({@link #average()}) and the
     * run did not fail (a diverged or non-finite run keeps {@link #parameters()}, its best finite point).
     */
    public boolean modelIsAverage() {
        return average != null && !stopReason.failed();
    }

    /**
     * The parameters to evaluate and save: the average's when {@link #modelIsAverage()}, else
     * {@link #parameters()} (the last epoch's, or the best one's with early stopping); a copy.
     */
    public double[] modelParameters() {
        return modelIsAverage() ? average.parameters() : parameters();
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
