package dev.descent.average;

import dev.descent.Listener;
import dev.descent.Progress;
import dev.descent.io.BinaryFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * The running average of one run's iterates under a {@link WeightAveraging} rule: one buffer
 * allocated at {@link WeightAveraging#init}, updated in place (no allocation per update), and the
 * number of points averaged. As a {@link Listener} of the loop it takes the points its rule asks for
 * ({@link ExponentialMovingAverage} after every update, {@link StochasticWeightAveraging} at the end
 * of epochs); a loop of your own calls {@link #update} instead.
 *
 * <pre>{@code
 * AveragedPoint average = new ExponentialMovingAverage(0.999).init(objective.dimension());
 * Result r = Minimizer.using(new Sgd(0.01)).listener(average).minimize(objective, start);
 * double[] averaged = average.point();
 * }</pre>
 *
 * <p>{@link #writeTo} and {@link WeightAveraging#restore} save and read it exactly (raw IEEE-754
 * bits), so a run resumed from a checkpoint ({@link dev.descent.loop.Minimizer#resume}) with its average
 * restored ends with the average of the run that never stopped. Add it to the loop before a listener
 * that writes checkpoints at the end of an epoch, so that the epoch's point is in the average
 * written.
 */
public abstract sealed class AveragedPoint implements Listener
        permits ExponentialMovingAverage.State, StochasticWeightAveraging.State {

    /** "DSAV" in ASCII. */
    private static final int MAGIC = 0x44534156;
    private static final int VERSION = 1;

    private final WeightAveraging averaging;
    private final double[] average;
    private long count;

    AveragedPoint(WeightAveraging averaging, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1: " + dimension);
        }
        this.averaging = averaging;
        this.average = new double[dimension];
    }

    /** The rule this average follows. */
    public final WeightAveraging averaging() {
        return averaging;
    }

    /** The number of parameters. */
    public final int dimension() {
        return average.length;
    }

    /** The number of points averaged so far (torch's {@code n_averaged}). */
    public final long count() {
        return count;
    }

    /** Whether no point has been averaged yet (then {@link #point()} is all zeros and means nothing). */
    public final boolean isEmpty() {
        return count == 0;
    }

    /** The averaged point, a copy. */
    public final double[] point() {
        return average.clone();
    }

    /**
     * Takes one point into the average: a copy when it is the first, the rule's combination otherwise;
     * then the count goes up by one (torch's {@code update_parameters}).
     *
     * @param point not modified
     */
    public final void update(double[] point) {
        if (point.length != average.length) {
            throw new IllegalArgumentException("the point has " + point.length + " entries, the average " + average.length);
        }
        if (count == 0) {
            System.arraycopy(point, 0, average, 0, average.length);
        } else {
            combine(average, point);
        }
        count++;
    }

    /**
     * The rule's {@code avg_fn} for every point after the first, with {@link #count()} points in the
     * average so far.
     *
     * @param average modified in place
     * @param point not modified
     */
    abstract void combine(double[] average, double[] point);

    /** Does nothing unless the rule averages after every update. */
    @Override
    public void onStep(Progress progress) {}

    /**
     * Writes the rule's description, the count and the buffer, so that {@link WeightAveraging#restore}
     * gives this average back exactly.
     */
    public final void writeTo(DataOutput out) throws IOException {
        BinaryFormat.writeHeader(out, MAGIC, VERSION);
        out.writeUTF(averaging.describe());
        out.writeLong(count);
        BinaryFormat.writeArray(out, average);
    }

    /** {@link WeightAveraging#restore}: checks that {@code averaging} wrote the bytes. */
    static AveragedPoint read(WeightAveraging averaging, DataInput in) throws IOException {
        Objects.requireNonNull(averaging, "averaging");
        BinaryFormat.readHeader(in, MAGIC, VERSION, VERSION, "weight average");
        String described = in.readUTF();
        if (!described.equals(averaging.describe())) {
            throw new IOException("the average was made with " + described + ", not " + averaging.describe());
        }
        long count = in.readLong();
        int dimension = in.readInt();
        if (count < 0 || dimension < 1) {
            throw new IOException("corrupt weight average: count " + count + ", dimension " + dimension);
        }
        AveragedPoint restored = averaging.init(dimension);
        BinaryFormat.readEntries(in, restored.average);
        restored.count = count;
        return restored;
    }
}
