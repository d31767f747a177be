package dev.descent.schedule;

import java.util.Objects;

/**
 * A linear warm-up in front of any schedule: for the first {@code steps} steps the rate of
 * {@code then} is multiplied by a factor rising linearly from {@code startFactor} to 1, the
 * composition of PyTorch's {@code LinearLR} with another scheduler:
 *
 * <pre>
 * lr_t = then(t) * (startFactor + (1 - startFactor) * t / steps)   for t &lt; steps
 * lr_t = then(t)                                                  afterwards
 * </pre>
 *
 * <p>Reference: Goyal et al., "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour" (2017).
 *
 * @param steps warm-up length, at least 1
 * @param startFactor the factor at step 0, in (0, 1]
 * @param then the schedule being warmed up
 */
public record LinearWarmup(long steps, double startFactor, Schedule then) implements Schedule {

    /** Validates. */
    public LinearWarmup {
        Rates.positive("steps", steps);
        Rates.unitOpenClosed("startFactor", startFactor);
        Objects.requireNonNull(then, "then");
    }

    @Override
    public double at(long step) {
        Rates.step(step);
        double rate = then.at(step);
        if (step >= steps) {
            return rate;
        }
        return rate * (startFactor + (1 - startFactor) * step / (double) steps);
    }

    @Override
    public void observe(long step, double value) {
        then.observe(step, value);
    }
}
