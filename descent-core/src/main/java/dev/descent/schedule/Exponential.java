package dev.descent.schedule;

import dev.descent.Check;

/**
 * {@code lr_t = lr * gamma^t}, PyTorch's {@code ExponentialLR}.
 *
 * @param gamma the decay per step, in (0, 1]
 */
public record Exponential(double gamma) implements Schedule {
    /** Validates. */
    public Exponential {
        Check.unitOpenClosed("gamma", gamma);
    }

    @Override
    public double at(double baseRate, long step) {
        Check.atLeast("step", step, 0);
        return baseRate * Math.pow(gamma, step);
    }
}
