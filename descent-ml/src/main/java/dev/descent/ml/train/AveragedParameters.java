package dev.descent.ml.train;

import dev.descent.average.WeightAveraging;
import java.util.Objects;

/**
 * The average of a training run's parameters under a {@link WeightAveraging} rule
 * ({@link TrainingPlan#averaging}): the exponential moving average after every update, or stochastic
 * weight averaging's mean of the epoch-end parameters from its start epoch on (Izmailov et al.,
 * "Averaging Weights Leads to Wider Optima and Better Generalization", UAI 2018). The update
 * equations are on {@link dev.descent.average.ExponentialMovingAverage} and
 * {@link dev.descent.average.StochasticWeightAveraging}; as torch's {@code AveragedModel}, the first
 * point is copied and each later one combined with the average.
 *
 * @param averaging the rule
 * @param count the points averaged (updates for the EMA, epochs for SWA), at least 1
 * @param parameters the averaged parameters
 */
public record AveragedParameters(WeightAveraging averaging, long count, double[] parameters) {

    /** Copies; refuses an empty average. */
    public AveragedParameters {
        Objects.requireNonNull(averaging, "averaging");
        if (count < 1) {
            throw new IllegalArgumentException("an average of " + count + " points");
        }
        parameters = parameters.clone();
    }

    /** The averaged parameters, a copy. */
    @Override
    public double[] parameters() {
        return parameters.clone();
    }
}
