package dev.descent.schedule;

/**
 * {@code lr_t = lr * gamma^floor(t / stepSize)}, PyTorch's {@code StepLR}.
 *
 * @param learningRate the initial rate, in [0, inf)
 * @param stepSize steps between decays, at least 1
 * @param gamma the decay factor, in (0, 1]
 */
public record StepDecay(double learningRate, long stepSize, double gamma) implements Schedule {
    /** Validates. */
    public StepDecay {
        Rates.nonNegative("learningRate", learningRate);
        Rates.positive("stepSize", stepSize);
        Rates.unitOpenClosed("gamma", gamma);
    }

    @Override
    public double at(long step) {
        Rates.step(step);
        return learningRate * Math.pow(gamma, step / stepSize);
    }
}
