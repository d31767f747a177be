package dev.descent.schedule;

/**
 * {@code lr_t = lr * gamma^t}, PyTorch's {@code ExponentialLR}.
 *
 * @param gamma the decay per step, in (0, 1]
 */
public record Exponential(double gamma) implements Schedule {
    /** Validates. */
    public Exponential {
        Rates.unitOpenClosed("gamma", gamma);
    }

    @Override
    public double at(double baseRate, long step) {
        Rates.step(step);
        return baseRate * Math.pow(gamma, step);
    }
}
