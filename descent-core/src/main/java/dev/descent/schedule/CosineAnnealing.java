package dev.descent.schedule;

import dev.descent.Check;

/**
 * Cosine annealing from the optimizer's {@code lr} to {@code minimum} over a period, optionally restarted
 * (SGDR: Loshchilov &amp; Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017),
 * in the closed form of PyTorch's {@code CosineAnnealingLR} / {@code CosineAnnealingWarmRestarts}:
 *
 * <pre>
 * lr_t = minimum + (lr - minimum) * (1 + cos(pi * t_cur / T_i)) / 2
 * </pre>
 *
 * <p>Without restarts {@code T_i = period} and {@code t_cur = min(t, period)} (the rate stays at the
 * minimum after the period). With restarts the first period is {@code period}, each later one is
 * {@code periodMultiplier} times the one before, and {@code t_cur} counts from the last restart.
 *
 * @param period T_0, at least 1
 * @param minimum eta_min, in [0, inf)
 * @param restarts whether to restart at the end of each period
 * @param periodMultiplier T_mult, at least 1 (used with restarts)
 */
public record CosineAnnealing(long period, double minimum, boolean restarts,
                              long periodMultiplier) implements Schedule {

    /** Validates. */
    public CosineAnnealing {
        Check.atLeast("period", period, 1);
        Check.nonNegative("minimum", minimum);
        Check.atLeast("periodMultiplier", periodMultiplier, 1);
    }

    /** Annealing over one period, then constant at the minimum. */
    public static CosineAnnealing of(long period, double minimum) {
        return new CosineAnnealing(period, minimum, false, 1);
    }

    /** With warm restarts every {@code period * periodMultiplier^i} steps. */
    public static CosineAnnealing withRestarts(long period, long periodMultiplier, double minimum) {
        return new CosineAnnealing(period, minimum, true, periodMultiplier);
    }

    @Override
    public double at(double baseRate, long step) {
        Check.atLeast("step", step, 0);
        long current = step;
        long length = period;
        if (!restarts) {
            current = Math.min(step, period);
        } else if (periodMultiplier == 1) {
            current = step % period;
        } else {
            while (current >= length) {
                current -= length;
                length *= periodMultiplier;
            }
        }
        return minimum + (baseRate - minimum) * (1 + Math.cos(Math.PI * current / length)) / 2;
    }
}
