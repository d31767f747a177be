package dev.descent.average;

import java.io.DataInput;
import java.io.IOException;

/**
 * A rule for averaging the iterates of a run: an immutable record of hyper-parameters, like an
 * {@link dev.descent.optim.Optimizer}. {@link #init} makes the run's {@link AveragedPoint} (one
 * preallocated buffer and a count), a {@link dev.descent.Listener} to hand to
 * {@link dev.descent.loop.Minimizer#listener}; the run itself is not changed by it.
 *
 * <p>Both rules are {@code torch.optim.swa_utils.AveragedModel.update_parameters} (PyTorch 1.13) with
 * their own {@code avg_fn}: the first point is copied, every later one is combined with the average
 * by {@code avg_fn(average, point, count)}, and the count goes up by one.
 *
 * <pre>
 * a_1 = theta_(1)
 * a_k = avg_fn(a_{k-1}, theta_(k), k - 1)     for k &gt; 1
 * </pre>
 *
 * {@link ExponentialMovingAverage} takes {@code theta_(k)} after every update;
 * {@link StochasticWeightAveraging} at the end of every epoch from its start epoch on.
 */
public sealed interface WeightAveraging permits ExponentialMovingAverage, StochasticWeightAveraging {

    /** A short name: {@code ema} or {@code swa}. */
    String name();

    /**
     * The rule with its hyper-parameters, such as {@code ema decay=0.999} or {@code swa from epoch 10};
     * two rules with the same description average the same way (doubles are written so that they
     * read back to the same bits).
     */
    String describe();

    /** A fresh average of {@code dimension} parameters, holding no point yet. */
    AveragedPoint init(int dimension);

    /**
     * Reads an average written by {@link AveragedPoint#writeTo}.
     *
     * @throws IOException when the bytes are not an average, or one made by another rule (the message
     *     names both)
     */
    default AveragedPoint restore(DataInput in) throws IOException {
        return AveragedPoint.read(this, in);
    }
}
