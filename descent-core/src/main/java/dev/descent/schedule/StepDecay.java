package dev.descent.schedule;

import dev.descent.Check;

/**
 * {@code lr_t = lr * gamma^floor(t / stepSize)}, PyTorch's {@code StepLR}.
 *
 * @param stepSize steps between decays, at least 1
 * @param gamma the decay factor, in (0, 1]
 */
public record StepDecay(long stepSize, double gamma) implements Schedule {
    /** Validates. */
    public StepDecay {
        Check.atLeast("stepSize", stepSize, 1);
        Check.unitOpenClosed("gamma", gamma);
    }

    @Override
    public double at(double baseRate, long step) {
        Check.atLeast("step", step, 0);
        return baseRate * Math.pow(gamma, step / stepSize);
    }
}
