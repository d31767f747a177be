package dev.descent.schedule;

import dev.descent.Check;
import dev.descent.io.BinaryFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Multiplies the rate by {@code factor} when the watched value has not improved for
 * {@code patience} observations, as PyTorch's {@code ReduceLROnPlateau} in mode {@code min} with a
 * relative threshold:
 *
 * <pre>
 * improved  when  value &lt; best * (1 - threshold)        (best &gt;= 0; best * (1 + threshold) when best &lt; 0)
 * after patience + 1 observations without improvement:  lr = max(lr * factor, minimum),
 *                                                      then no reduction for cooldown observations
 * </pre>
 *
 * <p>The schedule is an immutable value; what a run has observed (the current rate, the best value,
 * the counters) lives in the {@link ScheduleState} that {@link #init} makes for that run, so one
 * schedule serves any number of runs and a checkpoint restores a run's plateau exactly. The loop
 * observes once per epoch in training (the validation loss when there is one) and once per
 * iteration when minimizing a function. {@link #at} is the rate with nothing observed: the base rate.
 *
 * @param factor the reduction factor, in (0, 1)
 * @param patience observations without improvement tolerated, at least 0
 * @param threshold relative improvement that counts, in [0, inf)
 * @param cooldown observations to wait after a reduction, at least 0
 * @param minimum the smallest rate, in [0, inf)
 */
public record ReduceOnPlateau(double factor, int patience, double threshold, int cooldown, double minimum)
        implements Schedule {

    /** Validates. */
    public ReduceOnPlateau {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1): " + factor);
        }
        Check.atLeast("patience", patience, 0);
        Check.nonNegative("threshold", threshold);
        Check.atLeast("cooldown", cooldown, 0);
        Check.nonNegative("minimum", minimum);
    }

    /** PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4, cooldown 0, minimum 0. */
    public static ReduceOnPlateau defaults() {
        return new ReduceOnPlateau(0.1, 10, 1e-4, 0, 0);
    }

    @Override
    public double at(double baseRate, long step) {
        Check.atLeast("step", step, 0);
        return baseRate;
    }

    @Override
    public ScheduleState init(double baseRate) {
        Check.nonNegative("baseRate", baseRate);
        return new Plateau(baseRate);
    }

    /** One run's plateau: the current rate, the best value and the counters. */
    private final class Plateau implements ScheduleState {
        private double rate;
        private double best = Double.POSITIVE_INFINITY;
        private int badObservations;
        private int cooldownLeft;

        Plateau(double rate) {
            this.rate = rate;
        }

        @Override
        public double rate(long step) {
            Check.atLeast("step", step, 0);
            return rate;
        }

        @Override
        public void observe(long step, double value) {
            double bar = best >= 0 ? best * (1 - threshold) : best * (1 + threshold);
            if (value < bar || best == Double.POSITIVE_INFINITY && value < best) {
                best = value;
                badObservations = 0;
            } else {
                badObservations++;
            }
            if (cooldownLeft > 0) {
                cooldownLeft--;
                badObservations = 0;
            }
            if (badObservations > patience) {
                rate = Math.max(rate * factor, minimum);
                cooldownLeft = cooldown;
                badObservations = 0;
            }
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            BinaryFormat.writeDouble(out, rate);
            BinaryFormat.writeDouble(out, best);
            out.writeInt(badObservations);
            out.writeInt(cooldownLeft);
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            rate = BinaryFormat.readDouble(in);
            best = BinaryFormat.readDouble(in);
            badObservations = in.readInt();
            cooldownLeft = in.readInt();
        }
    }
}
