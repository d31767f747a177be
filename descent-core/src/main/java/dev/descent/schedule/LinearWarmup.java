package dev.descent.schedule;

import dev.descent.Check;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
 * <p>The warm-up shapes the rate only: a momentum that {@code then} sets passes through unchanged.
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
        Check.atLeast("steps", steps, 1);
        Check.unitOpenClosed("startFactor", startFactor);
        Objects.requireNonNull(then, "then");
    }

    @Override
    public double at(double baseRate, long step) {
        Check.atLeast("step", step, 0);
        return warm(then.at(baseRate, step), step);
    }

    @Override
    public double momentum(long step) {
        return then.momentum(step);
    }

    @Override
    public boolean cyclesMomentum() {
        return then.cyclesMomentum();
    }

    private double warm(double rate, long step) {
        return step >= steps ? rate : rate * (startFactor + (1 - startFactor) * step / (double) steps);
    }

    /** Warms up whatever rate the state of {@code then} gives, observations included. */
    @Override
    public ScheduleState init(double baseRate) {
        ScheduleState inner = then.init(baseRate);
        return new ScheduleState() {
            @Override
            public double rate(long step) {
                Check.atLeast("step", step, 0);
                return warm(inner.rate(step), step);
            }

            @Override
            public double momentum(long step) {
                return inner.momentum(step);
            }

            @Override
            public void observe(long step, double value) {
                inner.observe(step, value);
            }

            @Override
            public void writeTo(DataOutput out) throws IOException {
                inner.writeTo(out);
            }

            @Override
            public void readFrom(DataInput in) throws IOException {
                inner.readFrom(in);
            }
        };
    }
}
