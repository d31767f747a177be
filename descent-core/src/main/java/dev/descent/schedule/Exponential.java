package dev.descent.schedule;

/**
 * {@code lr_t = lr * gamma^t}, PyTorch's {@code ExponentialLR}.
 *
 * @param learningRate the initial rate, in [0, inf)
 * @param gamma the decay per step, in (0, 1]
 */
public record Exponential(double learningRate, double gamma) implements Schedule {
    /** Validates. */
    public Exponential {
        Rates.nonNegative("learningRate", learningRate);
        Rates.unitOpenClosed("gamma", gamma);
    }

    @Override
    public double at(long step) {
        Rates.step(step);
        return learningRate * Math.pow(gamma, step);
    }
}
