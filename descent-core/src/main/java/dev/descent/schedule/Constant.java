package dev.descent.schedule;

/**
 * {@code lr_t = lr}.
 *
 * @param learningRate in [0, inf)
 */
public record Constant(double learningRate) implements Schedule {
    /** Validates. */
    public Constant {
        Rates.nonNegative("learningRate", learningRate);
    }

    @Override
    public double at(long step) {
        Rates.step(step);
        return learningRate;
    }
}
