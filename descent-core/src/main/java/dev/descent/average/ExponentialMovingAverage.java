package dev.descent.average;

import dev.descent.Progress;

/**
 * The exponential moving average of the iterates, updated after every optimizer update (every
 * mini-batch step; every iteration when minimizing a function or training on the full batch):
 *
 * <pre>
 * a_1 = theta_1                                          (a copy: no bias correction)
 * a_k = decay * a_{k-1} + (1 - decay) * theta_k          for k &gt; 1
 * </pre>
 *
 * where {@code theta_k} is the point after the k-th update. This is {@code AveragedModel(model,
 * avg_fn=lambda a, p, n: decay * a + (1 - decay) * p)} of PyTorch 1.13 with
 * {@code update_parameters(model)} after every {@code optimizer.step()}, rounded in the same order:
 * {@code 1 - decay} once, then two products and their sum, no fused multiply-add. PyTorch 2's
 * {@code get_ema_avg_fn(decay)} is the same expression; its {@code get_ema_multi_avg_fn(decay)}
 * computes {@code torch.lerp(a, theta, 1 - decay)}, equal in exact arithmetic and within a few
 * ulps of it in floating point.
 *
 * <p>The average forgets with a time constant of about {@code 1 / (1 - decay)} updates (1000 at
 * 0.999). It is Polyak averaging (Polyak &amp; Juditsky, "Acceleration of Stochastic Approximation
 * by Averaging", SIAM J. Control Optim. 30(4), 1992) with exponential rather than equal weights,
 * the form deep-learning practice keeps of it.
 *
 * @param decay the weight of the average so far, in (0, 1)
 */
public record ExponentialMovingAverage(double decay) implements WeightAveraging {

    /** Validates the decay; the message names it and its range. */
    public ExponentialMovingAverage {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1): " + decay);
        }
    }

    @Override
    public String name() {
        return "ema";
    }

    @Override
    public String describe() {
        return "ema decay=" + decay;
    }

    @Override
    public AveragedPoint init(int dimension) {
        return new State(this, dimension);
    }

    /** The average after every update. */
    static final class State extends AveragedPoint {
        private final double decay;
        private final double complement;

        State(ExponentialMovingAverage averaging, int dimension) {
            super(averaging, dimension);
            this.decay = averaging.decay;
            this.complement = 1 - averaging.decay;
        }

        @Override
        void combine(double[] average, double[] point) {
            for (int i = 0; i < average.length; i++) {
                average[i] = decay * average[i] + complement * point[i];
            }
        }

        /** After every update (iteration 0, the start point, is no update). */
        @Override
        public void onStep(Progress progress) {
            if (progress.iteration() > 0) {
                update(progress.point());
            }
        }
    }
}
