package dev.descent.schedule;

/**
 * Multiplies the rate by {@code factor} when the observed value has not improved for
 * {@code patience} observations, as PyTorch's {@code ReduceLROnPlateau} in mode {@code min} with a
 * relative threshold:
 *
 * <pre>
 * improved  when  value &lt; best * (1 - threshold)        (best &gt;= 0; best * (1 + threshold) when best &lt; 0)
 * after patience + 1 observations without improvement:  lr = max(lr * factor, minimum),
 *                                                      then no reduction for cooldown observations
 * </pre>
 *
 * <p>This is the one stateful schedule: {@link #observe} drives it, and {@link #at} returns the
 * current rate whatever the step. Make a fresh instance per run.
 */
public final class ReduceOnPlateau implements Schedule {
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double minimum;
    private double rate;
    private double best = Double.POSITIVE_INFINITY;
    private int badObservations;
    private int cooldownLeft;

    /**
     * @param learningRate the initial rate, in [0, inf)
     * @param factor the reduction factor, in (0, 1)
     * @param patience observations without improvement tolerated, at least 0
     * @param threshold relative improvement that counts, in [0, inf)
     * @param cooldown observations to wait after a reduction, at least 0
     * @param minimum the smallest rate, in [0, inf)
     */
    public ReduceOnPlateau(double learningRate, double factor, int patience, double threshold, int cooldown,
                           double minimum) {
        Rates.nonNegative("learningRate", learningRate);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1): " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be at least 0: " + patience);
        }
        Rates.nonNegative("threshold", threshold);
        if (cooldown < 0) {
            throw new IllegalArgumentException("cooldown must be at least 0: " + cooldown);
        }
        Rates.nonNegative("minimum", minimum);
        this.rate = learningRate;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.minimum = minimum;
    }

    /** PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4, cooldown 0, minimum 0. */
    public ReduceOnPlateau(double learningRate) {
        this(learningRate, 0.1, 10, 1e-4, 0, 0);
    }

    @Override
    public double at(long step) {
        Rates.step(step);
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

    /** Writes the observed state (rate, best, counters) so {@link #readState} restores it exactly. */
    public void writeState(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(Double.doubleToRawLongBits(rate));
        out.writeLong(Double.doubleToRawLongBits(best));
        out.writeInt(badObservations);
        out.writeInt(cooldownLeft);
    }

    /** Reads what {@link #writeState} wrote into this schedule. */
    public void readState(java.io.DataInput in) throws java.io.IOException {
        rate = Double.longBitsToDouble(in.readLong());
        best = Double.longBitsToDouble(in.readLong());
        badObservations = in.readInt();
        cooldownLeft = in.readInt();
    }

    /** The best value observed so far. */
    public double best() {
        return best;
    }
}
