package dev.descent.ml.train;

import java.util.List;

/**
 * The outcome of training.
 *
 * @param parameters the final parameters (the best validation epoch's when early stopping restored them)
 * @param history one record per epoch run, including epochs before a resume
 * @param bestEpoch the epoch whose parameters are returned
 * @param stoppedEarly whether early stopping ended the run
 * @param diverged whether a non-finite loss ended the run
 */
public record TrainingResult(double[] parameters, List<EpochRecord> history, int bestEpoch, boolean stoppedEarly,
                             boolean diverged) {
    /** Copies. */
    public TrainingResult {
        parameters = parameters.clone();
        history = List.copyOf(history);
    }

    @Override
    public double[] parameters() {
        return parameters.clone();
    }
}
