package dev.descent.schedule;

/**
 * {@code lr_t = lr * gamma^floor(t / stepSize)}, PyTorch's {@code StepLR}.
 *
 * @param stepSize steps between decays, at least 1
 * @param gamma the decay factor, in (0, 1]
 */
public record StepDecay(long stepSize, double gamma) implements Schedule {
    /** Validates. */
    public StepDecay {
        Rates.positive("stepSize", stepSize);
        Rates.unitOpenClosed("gamma", gamma);
    }

    @Override
    public double at(double baseRate, long step) {
        Rates.step(step);
        return baseRate * Math.pow(gamma, step / stepSize);
    }
}
