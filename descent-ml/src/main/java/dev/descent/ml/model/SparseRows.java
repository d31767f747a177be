package dev.descent.ml.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Rows of features in compressed sparse row form (CSR, as scipy.sparse's {@code csr_matrix} and
 * LIBSVM files hold them): row {@code r}'s nonzeros are {@code values[starts[r] .. starts[r + 1])}
 * in the columns {@code indices[starts[r] .. starts[r + 1])}. Memory is proportional to the nonzeros,
 * so a table of a million columns holds as many rows as its nonzeros allow. The arrays are used as
 * they are, not copied; they must not change while the rows are in use.
 *
 * <p>Serializable only to travel to Spark's executors in row blocks, which run the same build: its
 * serialized form is no stored format, so it is not documented.
 *
 * @serial exclude
 */
public final class SparseRows implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int columns;
    private final int[] starts;
    private final int[] indices;
    private final double[] values;

    /**
     * @param starts {@code rows + 1} offsets, from 0, never decreasing
     * @param indices each nonzero's column, in [0, columns)
     * @param values each nonzero's value
     * @throws IllegalArgumentException when the arrays do not make {@code rows} rows of {@code columns} columns
     */
    public SparseRows(int rows, int columns, int[] starts, int[] indices, double[] values) {
        if (rows < 0 || columns < 1 || starts.length != rows + 1 || starts[0] != 0 || starts[rows] != indices.length
                || indices.length != values.length) {
            throw new IllegalArgumentException("compressed rows: " + starts.length + " offsets, " + indices.length
                    + " indices and " + values.length + " values do not make " + rows + " rows of " + columns + " columns");
        }
        for (int r = 0; r < rows; r++) {
            if (starts[r + 1] < starts[r]) {
                throw new IllegalArgumentException("compressed rows: the offsets decrease at row " + r);
            }
        }
        for (int index : indices) {
            if (index < 0 || index >= columns) {
                throw new IllegalArgumentException("compressed rows: column " + index + " of " + columns);
            }
        }
        this.rows = rows;
        this.columns = columns;
        this.starts = starts;
        this.indices = indices;
        this.values = values;
    }

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** The number of columns. */
    public int columns() {
        return columns;
    }

    /** The offsets of the rows' nonzeros, {@code rows + 1} of them; the array itself, not to be modified. */
    public int[] starts() {
        return starts;
    }

    /** Each nonzero's column; the array itself, not to be modified. */
    public int[] indices() {
        return indices;
    }

    /** Each nonzero's value; the array itself, not to be modified. */
    public double[] values() {
        return values;
    }

    /** The number of stored entries. */
    public int nonzeros() {
        return indices.length;
    }

    /** Rows {@code [from, to)}, copied. */
    public SparseRows slice(int from, int to) {
        int[] s = new int[to - from + 1];
        for (int r = from; r <= to; r++) {
            s[r - from] = starts[r] - starts[from];
        }
        return new SparseRows(to - from, columns, s, Arrays.copyOfRange(indices, starts[from], starts[to]),
                Arrays.copyOfRange(values, starts[from], starts[to]));
    }

    /** The rows at {@code rowIndices}, in that order, copied. */
    public SparseRows gather(int[] rowIndices) {
        int[] s = new int[rowIndices.length + 1];
        for (int k = 0; k < rowIndices.length; k++) {
            int r = rowIndices[k];
            s[k + 1] = s[k] + starts[r + 1] - starts[r];
        }
        int[] i = new int[s[rowIndices.length]];
        double[] v = new double[i.length];
        for (int k = 0; k < rowIndices.length; k++) {
            int r = rowIndices[k];
            System.arraycopy(indices, starts[r], i, s[k], starts[r + 1] - starts[r]);
            System.arraycopy(values, starts[r], v, s[k], starts[r + 1] - starts[r]);
        }
        return new SparseRows(rowIndices.length, columns, s, i, v);
    }

    /** The rows as a dense row-major matrix. */
    public double[] dense() {
        double[] out = new double[Math.multiplyExact(rows, columns)];
        for (int r = 0; r < rows; r++) {
            for (int k = starts[r]; k < starts[r + 1]; k++) {
                out[r * columns + indices[k]] += values[k];
            }
        }
        return out;
    }

    /** The rows with each value divided by its column's {@code scales[j]}: standardization without centering, zeros stay zeros. */
    public SparseRows dividedBy(double[] scales) {
        if (scales.length != columns) {
            throw new IllegalArgumentException(scales.length + " scales for " + columns + " columns");
        }
        double[] v = new double[values.length];
        for (int k = 0; k < v.length; k++) {
            v[k] = values[k] / scales[indices[k]];
        }
        return new SparseRows(rows, columns, starts, indices, v);
    }
}
