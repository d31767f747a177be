package dev.descent.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The pieces every binary format of descent is made of: optimizer states, run snapshots, weight
 * averages and training checkpoints. A format starts with a magic number and a version, both
 * {@code int}s; numbers are big-endian ({@link DataOutput}); a {@code double} is its raw IEEE-754
 * bits ({@link Double#doubleToRawLongBits}), so NaN payloads and -0 come back as they were written;
 * an array is its length as an {@code int} followed by its entries; a byte block is its length
 * followed by its bytes. A float32 array is written widened, entry by entry, so a float32 state
 * has the format, and the bytes, of a float64 one holding the same values.
 *
 * <p>Readers check what they read and refuse with an {@link IOException} that names the format and
 * what does not fit; the checks a format adds (a buffer's expected length) stay with the format.
 */
public final class BinaryFormat {
    private BinaryFormat() {}

    /** Writes a format's magic number and version. */
    public static void writeHeader(DataOutput out, int magic, int version) throws IOException {
        out.writeInt(magic);
        out.writeInt(version);
    }

    /**
     * Reads a header written by {@link #writeHeader}.
     *
     * @param format what the bytes should be, for messages: {@code "run snapshot"}
     * @return the version, in [{@code oldest}, {@code newest}]
     * @throws IOException for another magic number or a version out of that range
     */
    public static int readHeader(DataInput in, int magic, int oldest, int newest, String format) throws IOException {
        int read = in.readInt();
        if (read != magic) {
            throw new IOException("not a descent " + format + " (bad magic number 0x" + Integer.toHexString(read) + ")");
        }
        int version = in.readInt();
        if (version < oldest || version > newest) {
            throw new IOException(format + " format version " + version + ", this build reads "
                    + (oldest == newest ? "version " + newest : "versions " + oldest + " to " + newest));
        }
        return version;
    }

    /** Writes {@code value} as its raw IEEE-754 bits. */
    public static void writeDouble(DataOutput out, double value) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(value));
    }

    /** Reads a value written by {@link #writeDouble}. */
    public static double readDouble(DataInput in) throws IOException {
        return Double.longBitsToDouble(in.readLong());
    }

    /** Writes the array's length and then its entries. */
    public static void writeArray(DataOutput out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double value : values) {
            writeDouble(out, value);
        }
    }

    /** Writes a float32 array as {@link #writeArray(DataOutput, double[])} writes its values widened. */
    public static void writeArray(DataOutput out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float value : values) {
            writeDouble(out, value);
        }
    }

    /**
     * Reads an array's entries, after its length has been read and checked.
     *
     * @param into receives {@code into.length} entries; modified
     */
    public static void readEntries(DataInput in, double[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = readDouble(in);
        }
    }

    /**
     * Reads an array written by {@link #writeArray(DataOutput, double[])} whose length is in
     * [{@code minimum}, {@code maximum}].
     *
     * @param format the format, for the message: {@code "run snapshot"}
     * @return a new array
     */
    public static double[] readArray(DataInput in, int minimum, int maximum, String format) throws IOException {
        int length = in.readInt();
        if (length < minimum || length > maximum) {
            throw new IOException("corrupt " + format + ": array length " + length);
        }
        double[] values = new double[length];
        readEntries(in, values);
        return values;
    }

    /** Writes the block's length and then its bytes. */
    public static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Reads a block written by {@link #writeBytes} of at most {@code maximum} bytes.
     *
     * @param format the format, for the message
     * @return a new array
     */
    public static byte[] readBytes(DataInput in, int maximum, String format) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > maximum) {
            throw new IOException("corrupt " + format + ": byte count " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
