package dev.descent;

import dev.descent.io.BinaryFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The complete state of a run at the end of an epoch: the point, the optimizer's and the schedule's
 * states (as written by their {@code writeTo}), the counters and the bookkeeping of the best point.
 * {@link dev.descent.loop.Minimizer#resume} continues from it to the same bits as a run that never stopped. Written
 * and read as raw IEEE-754 bits behind a magic number and a format version.
 *
 * @param point the current point
 * @param optimizerState the optimizer state's bytes
 * @param scheduleState the schedule state's bytes (empty for schedules of the step alone)
 * @param iterations updates taken
 * @param epochs epochs completed
 * @param valueEvaluations calls to the objective
 * @param gradientEvaluations calls that computed a gradient
 * @param value the epoch's value
 * @param previousValue the value before it
 * @param gradientNorm the gradient norm at the end of the epoch
 * @param initialGradientNorm the gradient norm at the start of the run
 * @param stepLength the last step's (or epoch's) length
 * @param learningRate the last learning rate
 * @param bestValue the lowest value seen, against which divergence is measured
 * @param bestMonitoredValue the lowest watched value
 * @param bestPoint the point of the lowest watched value
 * @param bestPointValue the value at {@code bestPoint}
 * @param bestPointGradientNorm the gradient norm at {@code bestPoint}
 * @param epochsSinceImprovement epochs since the lowest watched value
 * @param startValue the value at the start (the first epoch's for batched objectives), the scale of the
 *     unbounded-below rule; NaN when read from a snapshot of format 1, which did not record it
 * @param startProjected how many entries of the start a box moved ({@link Result#startProjected()}); 0
 *     without bounds, and when read from a snapshot of format 1 or 2, which did not record it
 * @param slopeReferenceNorm the gradient norm at the first epoch whose value fell below
 *     {@code -Minimizer.SLOPE_REFERENCE_FACTOR} times the start's scale, against which the slope rule of
 *     unboundedness compares; NaN before that epoch, and when read from a snapshot of formats 1 to 3,
 *     which did not record it
 * @param slopeReferenceEpoch that epoch; -1 when {@code slopeReferenceNorm} is NaN
 */
public record RunSnapshot(double[] point, byte[] optimizerState, byte[] scheduleState, long iterations, long epochs,
                          long valueEvaluations, long gradientEvaluations, double value, double previousValue,
                          double gradientNorm, double initialGradientNorm, double stepLength, double learningRate,
                          double bestValue, double bestMonitoredValue, double[] bestPoint, double bestPointValue,
                          double bestPointGradientNorm, int epochsSinceImprovement, double startValue,
                          int startProjected, double slopeReferenceNorm, long slopeReferenceEpoch) {

    /** "DSRN" in ASCII. */
    private static final int MAGIC = 0x4453524E;
    /**
     * Format 4 adds the slope rule's reference, format 3 the projected start's count, format 2 the start
     * value; formats 1 to 3 are still read.
     */
    private static final int VERSION = 4;
    private static final String FORMAT = "run snapshot";
    /** The largest point, and the largest state, a snapshot is read with: more is a corrupt length. */
    private static final int MAX_POINT = 500_000_000;
    private static final int MAX_STATE_BYTES = 2_000_000_000;

    /** A snapshot of a run without bounds (nothing of the start projected). */
    public RunSnapshot(double[] point, byte[] optimizerState, byte[] scheduleState, long iterations, long epochs,
                       long valueEvaluations, long gradientEvaluations, double value, double previousValue,
                       double gradientNorm, double initialGradientNorm, double stepLength, double learningRate,
                       double bestValue, double bestMonitoredValue, double[] bestPoint, double bestPointValue,
                       double bestPointGradientNorm, int epochsSinceImprovement, double startValue) {
        this(point, optimizerState, scheduleState, iterations, epochs, valueEvaluations, gradientEvaluations, value,
                previousValue, gradientNorm, initialGradientNorm, stepLength, learningRate, bestValue, bestMonitoredValue,
                bestPoint, bestPointValue, bestPointGradientNorm, epochsSinceImprovement, startValue, 0);
    }

    /** A snapshot taken before any epoch's value fell below the slope rule's reference (no reference yet). */
    public RunSnapshot(double[] point, byte[] optimizerState, byte[] scheduleState, long iterations, long epochs,
                       long valueEvaluations, long gradientEvaluations, double value, double previousValue,
                       double gradientNorm, double initialGradientNorm, double stepLength, double learningRate,
                       double bestValue, double bestMonitoredValue, double[] bestPoint, double bestPointValue,
                       double bestPointGradientNorm, int epochsSinceImprovement, double startValue,
                       int startProjected) {
        this(point, optimizerState, scheduleState, iterations, epochs, valueEvaluations, gradientEvaluations, value,
                previousValue, gradientNorm, initialGradientNorm, stepLength, learningRate, bestValue, bestMonitoredValue,
                bestPoint, bestPointValue, bestPointGradientNorm, epochsSinceImprovement, startValue, startProjected,
                Double.NaN, -1);
    }

    /** Copies the arrays. */
    public RunSnapshot {
        point = point.clone();
        optimizerState = optimizerState.clone();
        scheduleState = scheduleState.clone();
        bestPoint = bestPoint.clone();
        if (bestPoint.length != point.length) {
            throw new IllegalArgumentException("the best point has " + bestPoint.length + " entries, the point " + point.length);
        }
        if (Double.isNaN(slopeReferenceNorm) != (slopeReferenceEpoch < 0)) {
            throw new IllegalArgumentException("the slope reference's norm " + slopeReferenceNorm + " and epoch "
                    + slopeReferenceEpoch + " must be both set or both unset (NaN and -1)");
        }
    }

    /** The current point, a copy. */
    @Override
    public double[] point() {
        return point.clone();
    }

    /** The optimizer's state as {@link dev.descent.optim.OptimizerState#writeTo} writes it, a copy. */
    @Override
    public byte[] optimizerState() {
        return optimizerState.clone();
    }

    /** The schedule's state as {@link dev.descent.schedule.ScheduleState#writeTo} writes it, a copy. */
    @Override
    public byte[] scheduleState() {
        return scheduleState.clone();
    }

    /** The point of the lowest watched value, a copy. */
    @Override
    public double[] bestPoint() {
        return bestPoint.clone();
    }

    /** Writes this snapshot so that {@link #read} gives it back exactly. */
    public void write(DataOutput out) throws IOException {
        BinaryFormat.writeHeader(out, MAGIC, VERSION);
        BinaryFormat.writeArray(out, point);
        BinaryFormat.writeBytes(out, optimizerState);
        BinaryFormat.writeBytes(out, scheduleState);
        out.writeLong(iterations);
        out.writeLong(epochs);
        out.writeLong(valueEvaluations);
        out.writeLong(gradientEvaluations);
        for (double v : new double[] {value, previousValue, gradientNorm, initialGradientNorm, stepLength, learningRate,
            bestValue, bestMonitoredValue, bestPointValue, bestPointGradientNorm}) {
            BinaryFormat.writeDouble(out, v);
        }
        BinaryFormat.writeArray(out, bestPoint);
        out.writeInt(epochsSinceImprovement);
        BinaryFormat.writeDouble(out, startValue);
        out.writeInt(startProjected);
        BinaryFormat.writeDouble(out, slopeReferenceNorm);
        out.writeLong(slopeReferenceEpoch);
    }

    /**
     * Reads a snapshot written by {@link #write}.
     *
     * @throws IOException when the bytes are not a snapshot of format 1, 2, 3 or 4
     */
    public static RunSnapshot read(DataInput in) throws IOException {
        int version = BinaryFormat.readHeader(in, MAGIC, 1, VERSION, FORMAT);
        double[] point = BinaryFormat.readArray(in, 1, MAX_POINT, FORMAT);
        byte[] optimizerState = BinaryFormat.readBytes(in, MAX_STATE_BYTES, FORMAT);
        byte[] scheduleState = BinaryFormat.readBytes(in, MAX_STATE_BYTES, FORMAT);
        long iterations = in.readLong();
        long epochs = in.readLong();
        long valueEvaluations = in.readLong();
        long gradientEvaluations = in.readLong();
        double[] v = new double[10];
        BinaryFormat.readEntries(in, v);
        double[] bestPoint = BinaryFormat.readArray(in, 1, MAX_POINT, FORMAT);
        int epochsSinceImprovement = in.readInt();
        double startValue = version == 1 ? Double.NaN : BinaryFormat.readDouble(in);
        int startProjected = version < 3 ? 0 : in.readInt();
        double slopeReferenceNorm = version < 4 ? Double.NaN : BinaryFormat.readDouble(in);
        long slopeReferenceEpoch = version < 4 ? -1 : in.readLong();
        if (iterations < 0 || epochs < 0 || epochsSinceImprovement < 0 || startProjected < 0 || startProjected > point.length
                || bestPoint.length != point.length || Double.isNaN(slopeReferenceNorm) != (slopeReferenceEpoch < 0)
                || slopeReferenceEpoch > epochs) {
            throw new IOException("corrupt run snapshot: negative counters, mismatched points or a slope reference "
                    + "without its epoch");
        }
        return new RunSnapshot(point, optimizerState, scheduleState, iterations, epochs, valueEvaluations,
                gradientEvaluations, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], bestPoint, v[8], v[9],
                epochsSinceImprovement, startValue, startProjected, slopeReferenceNorm, slopeReferenceEpoch);
    }
}
