package dev.descent.schedule;

import dev.descent.Check;

/**
 * Polynomial decay of the optimizer's {@code lr} to 0 over {@code total} steps, PyTorch's
 * {@code PolynomialLR(total_iters=total, power=power)} (torch 1.13) in its closed form:
 *
 * <pre>
 * lr_t = lr * (1 - min(t, total) / total)^power
 * </pre>
 *
 * <p>The rate is 0 from step {@code total} on. Torch steps the rate in a chainable form, multiplying
 * by {@code ((1 - t/total) / (1 - (t-1)/total))^power} each step; that product telescopes to the
 * closed form above, and torch's {@code get_last_lr()} agrees with it to rounding (checked to 1e-12
 * relative by {@code TorchScheduleTest}).
 *
 * @param total total_iters, the steps of the decay, at least 1
 * @param power the power of the polynomial, in (0, inf); torch's default is 1 (linear decay)
 */
public record Polynomial(long total, double power) implements Schedule {

    /** Validates. */
    public Polynomial {
        Check.atLeast("total", total, 1);
        Check.positive("power", power);
    }

    /** Linear decay to 0 over {@code total} steps: torch's default power 1. */
    public static Polynomial linear(long total) {
        return new Polynomial(total, 1.0);
    }

    @Override
    public double at(double baseRate, long step) {
        Check.atLeast("step", step, 0);
        return baseRate * Math.pow(1.0 - Math.min(total, step) / (double) total, power);
    }
}
