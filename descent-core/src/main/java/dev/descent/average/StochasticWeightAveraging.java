package dev.descent.average;

import dev.descent.Progress;

/**
 * Stochastic weight averaging (Izmailov, Podoprikhin, Garipov, Vetrov &amp; Wilson, "Averaging
 * Weights Leads to Wider Optima and Better Generalization", UAI 2018): the equal-weight mean of the
 * points at the end of every epoch from {@code startEpoch} on:
 *
 * <pre>
 * a_1 = theta^(s)                                        (a copy)
 * a_{n+1} = a_n + (theta^(s+n) - a_n) / (n + 1)          for n &gt;= 1
 * </pre>
 *
 * where {@code theta^(e)} is the point at the end of epoch {@code e}, counted from 1 (the loop's
 * {@link Progress#epoch()} after the epoch), and {@code s = startEpoch}. This is
 * {@code AveragedModel(model)} of PyTorch 1.13 with its default {@code avg_fn}, rounded in the same
 * order, and {@code update_parameters(model)} called after every epoch {@code e >= s}; so
 * {@code startEpoch = 10} averages the weights at the end of epochs 10, 11, 12, and so on. It is
 * Polyak-Ruppert averaging (Polyak &amp; Juditsky, "Acceleration of Stochastic Approximation by
 * Averaging", SIAM J. Control Optim. 30(4), 1992) of the epoch-end iterates. When minimizing a
 * function every iteration is an epoch.
 *
 * <p>Not here: SWA's cyclical or constant learning rate ({@code SWALR}; any
 * {@link dev.descent.schedule.Schedule} can shape the rate) and {@code update_bn} (descent's models
 * have no batch normalization).
 *
 * @param startEpoch the first epoch whose end point is averaged, at least 1
 */
public record StochasticWeightAveraging(long startEpoch) implements WeightAveraging {

    /** Validates the start; the message names it and its range. */
    public StochasticWeightAveraging {
        if (startEpoch < 1) {
            throw new IllegalArgumentException("startEpoch must be at least 1: " + startEpoch);
        }
    }

    @Override
    public String name() {
        return "swa";
    }

    @Override
    public String describe() {
        return "swa from epoch " + startEpoch;
    }

    @Override
    public AveragedPoint init(int dimension) {
        return new State(this, dimension);
    }

    /** The mean of the epoch-end points. */
    static final class State extends AveragedPoint {
        private final long startEpoch;

        State(StochasticWeightAveraging averaging, int dimension) {
            super(averaging, dimension);
            this.startEpoch = averaging.startEpoch;
        }

        @Override
        void combine(double[] average, double[] point) {
            double weight = count() + 1;
            for (int i = 0; i < average.length; i++) {
                average[i] = average[i] + (point[i] - average[i]) / weight;
            }
        }

        /** At the end of every epoch from the start epoch on. */
        @Override
        public void onEpoch(Progress progress) {
            if (progress.epoch() >= startEpoch) {
                update(progress.point());
            }
        }
    }
}
