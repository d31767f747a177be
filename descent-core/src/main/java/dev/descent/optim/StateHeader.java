package dev.descent.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The header of a saved optimizer state: a magic number, a format version, the optimizer's name,
 * the dimension and the step count. Reading checks each, so a state is never loaded into the wrong
 * optimizer or problem.
 *
 * @param optimizer the optimizer's {@link Optimizer#name()}
 * @param dimension the number of parameters
 * @param steps the step count
 */
public record StateHeader(String optimizer, int dimension, long steps) {

    /** "DSNT" in ASCII. */
    static final int MAGIC = 0x44534E54;
    static final int VERSION = 1;

    /** Writes this header. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(optimizer);
        out.writeInt(dimension);
        out.writeLong(steps);
    }

    /**
     * Reads a header and checks it belongs to {@code expectedOptimizer}.
     *
     * @throws IOException naming what does not match
     */
    public static StateHeader read(DataInput in, String expectedOptimizer) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException("not a descent optimizer state (bad magic number 0x" + Integer.toHexString(magic) + ")");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported optimizer state version " + version + " (this build reads " + VERSION + ")");
        }
        String optimizer = in.readUTF();
        if (!optimizer.equals(expectedOptimizer)) {
            throw new IOException("the state belongs to optimizer '" + optimizer + "', not '" + expectedOptimizer + "'");
        }
        int dimension = in.readInt();
        if (dimension < 1) {
            throw new IOException("corrupt optimizer state: dimension " + dimension);
        }
        long steps = in.readLong();
        if (steps < 0) {
            throw new IOException("corrupt optimizer state: step count " + steps);
        }
        return new StateHeader(optimizer, dimension, steps);
    }

    /** Writes an array as raw IEEE-754 bits, preceded by its length. */
    public static void writeArray(DataOutput out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    /**
     * Reads an array written by {@link #writeArray} into {@code into}, whose length it must match.
     *
     * @param into receives the values; modified
     */
    public static void readArray(DataInput in, double[] into, String name) throws IOException {
        int length = in.readInt();
        if (length != into.length) {
            throw new IOException("corrupt optimizer state: buffer '" + name + "' has length " + length + ", expected " + into.length);
        }
        for (int i = 0; i < into.length; i++) {
            into[i] = Double.longBitsToDouble(in.readLong());
        }
    }

    /**
     * Writes a float32 state's array as {@link #writeArray(DataOutput, double[])} writes its values
     * widened: a state saved in float32 has the format of one saved in float64.
     */
    public static void writeArray(DataOutput out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    /**
     * Reads an array written by {@link #writeArray} into a float32 state's {@code into}, whose length
     * it must match; every value must be a float32 one.
     *
     * @param into receives the values; modified
     * @throws IOException when a value is not a float32 one (the state was saved by the rule in float64)
     */
    public static void readArray(DataInput in, float[] into, String name) throws IOException {
        int length = in.readInt();
        if (length != into.length) {
            throw new IOException("corrupt optimizer state: buffer '" + name + "' has length " + length + ", expected " + into.length);
        }
        for (int i = 0; i < into.length; i++) {
            into[i] = narrow(Double.longBitsToDouble(in.readLong()), name, i);
        }
    }

    /** {@link #readOptionalArray} for a float32 state's buffer. */
    public static float[] readOptionalFloatArray(DataInput in, int dimension, String name) throws IOException {
        int length = in.readInt();
        if (length != 0 && length != dimension) {
            throw new IOException("corrupt optimizer state: buffer '" + name + "' has length " + length + ", expected 0 or "
                    + dimension);
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = narrow(Double.longBitsToDouble(in.readLong()), name, i);
        }
        return values;
    }

    private static float narrow(double value, String name, int index) throws IOException {
        float single = (float) value;
        if (single != value && !Double.isNaN(value)) {
            throw new IOException("buffer '" + name + "' entry " + index + " is " + value + ", not a float32 value: the "
                    + "state was saved in float64, and this rule steps in float32");
        }
        return single;
    }

    /**
     * Reads an array written by {@link #writeArray} that a state allocates on first use: its length
     * must be 0 (not yet used) or {@code dimension}.
     *
     * @return the values, a new array
     */
    public static double[] readOptionalArray(DataInput in, int dimension, String name) throws IOException {
        int length = in.readInt();
        if (length != 0 && length != dimension) {
            throw new IOException("corrupt optimizer state: buffer '" + name + "' has length " + length + ", expected 0 or "
                    + dimension);
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = Double.longBitsToDouble(in.readLong());
        }
        return values;
    }
}
