package dev.descent.optim;

import dev.descent.io.BinaryFormat;
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
    private static final String FORMAT = "optimizer state";

    /** Writes this header. */
    public void write(DataOutput out) throws IOException {
        BinaryFormat.writeHeader(out, MAGIC, VERSION);
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
        BinaryFormat.readHeader(in, MAGIC, VERSION, VERSION, FORMAT);
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

    /** Writes a buffer as {@link BinaryFormat#writeArray(DataOutput, double[])} does: its length, then its entries' raw bits. */
    public static void writeArray(DataOutput out, double[] values) throws IOException {
        BinaryFormat.writeArray(out, values);
    }

    /**
     * Reads an array written by {@link #writeArray} into {@code into}, whose length it must match.
     *
     * @param into receives the values; modified
     */
    public static void readArray(DataInput in, double[] into, String name) throws IOException {
        readLength(in, into.length, into.length, name);
        BinaryFormat.readEntries(in, into);
    }

    /**
     * Writes a float32 state's array as {@link #writeArray(DataOutput, double[])} writes its values
     * widened: a state saved in float32 has the format of one saved in float64.
     */
    public static void writeArray(DataOutput out, float[] values) throws IOException {
        BinaryFormat.writeArray(out, values);
    }

    /**
     * Reads an array written by {@link #writeArray} into a float32 state's {@code into}, whose length
     * it must match; every value must be a float32 one.
     *
     * @param into receives the values; modified
     * @throws IOException when a value is not a float32 one (the state was saved by the rule in float64)
     */
    public static void readArray(DataInput in, float[] into, String name) throws IOException {
        readLength(in, into.length, into.length, name);
        readEntries(in, into, name);
    }

    /** {@link #readOptionalArray} for a float32 state's buffer. */
    public static float[] readOptionalFloatArray(DataInput in, int dimension, String name) throws IOException {
        float[] values = new float[readLength(in, 0, dimension, name)];
        readEntries(in, values, name);
        return values;
    }

    /**
     * Reads a buffer's length, which must be {@code expected} or, for a buffer allocated on first
     * use, {@code orEmpty} (0); or {@code expected} alone when both are the same.
     */
    private static int readLength(DataInput in, int orEmpty, int expected, String name) throws IOException {
        int length = in.readInt();
        if (length != expected && length != orEmpty) {
            throw new IOException("corrupt optimizer state: buffer '" + name + "' has length " + length + ", expected "
                    + (orEmpty == expected ? "" : orEmpty + " or ") + expected);
        }
        return length;
    }

    /** Reads a float32 buffer's entries, each of which must be a float32 value. */
    private static void readEntries(DataInput in, float[] into, String name) throws IOException {
        for (int i = 0; i < into.length; i++) {
            double value = BinaryFormat.readDouble(in);
            float single = (float) value;
            if (single != value && !Double.isNaN(value)) {
                throw new IOException("buffer '" + name + "' entry " + i + " is " + value + ", not a float32 value: the "
                        + "state was saved in float64, and this rule steps in float32");
            }
            into[i] = single;
        }
    }

    /**
     * Reads an array written by {@link #writeArray} that a state allocates on first use: its length
     * must be 0 (not yet used) or {@code dimension}.
     *
     * @return the values, a new array
     */
    public static double[] readOptionalArray(DataInput in, int dimension, String name) throws IOException {
        double[] values = new double[readLength(in, 0, dimension, name)];
        BinaryFormat.readEntries(in, values);
        return values;
    }
}
