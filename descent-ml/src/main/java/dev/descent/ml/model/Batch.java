package dev.descent.ml.model;

/**
 * Rows to evaluate a model on: row-major features, and targets (numbers) or labels (class
 * indices). The arrays are used as they are, not copied; they must not change during an evaluation.
 *
 * <p>A batch may also name its rows inside a larger matrix ({@code rowIndices}): then
 * {@code features} is the whole matrix and row {@code r} of the batch is row {@code rowIndices[r]}
 * of it, so a shuffled mini-batch needs no copy. Models with a fused kernel read such rows in
 * place; others gather them with {@link #gathered()}.
 *
 * <p>Rows may carry weights, one per batch row like the targets: a model's loss on the batch is then
 * the weighted mean {@code sum_r w_r loss_r / sum_r w_r} ({@code WeightedLosses}), and 0 with a zero
 * gradient when every weight is 0. Without weights it is the plain mean, computed as it always was.
 *
 * <p>The features may instead be sparse ({@code sparse}, compressed rows; {@code features} null): the
 * fused linear-model losses read their nonzeros only, and the other models read the rows made dense
 * ({@link #densified()}).
 *
 * @param features row-major, {@code rows x columns} (or the whole matrix when {@code rowIndices} is given),
 *     or null when the rows are sparse
 * @param rows the number of rows in the batch
 * @param columns the number of features
 * @param targets numeric targets (regression; 0/1 for binary), one per batch row, or null
 * @param labels class indices (classification), one per batch row, or null
 * @param rowIndices the batch's rows within {@code features}, or null when {@code features} holds exactly the batch
 * @param weights one weight per batch row (finite, at least 0), or null when every row weighs 1
 * @param sparse the rows as compressed sparse rows (the whole matrix when {@code rowIndices} is given), or
 *     null when {@code features} holds them
 */
public record Batch(double[] features, int rows, int columns, double[] targets, int[] labels, int[] rowIndices,
                    double[] weights, SparseRows sparse) {
    /** Checks the sizes agree. */
    public Batch {
        if ((features == null) == (sparse == null)) {
            throw new IllegalArgumentException("a batch holds its rows dense or sparse, one of the two");
        }
        if (sparse != null) {
            if (sparse.columns() != columns || (rowIndices == null ? sparse.rows() != rows : rowIndices.length != rows)) {
                throw new IllegalArgumentException(sparse.rows() + " sparse rows of " + sparse.columns() + " columns are not "
                        + rows + " rows of " + columns);
            }
        } else if (rowIndices == null ? (long) rows * columns != features.length
                : rowIndices.length != rows || features.length % columns != 0) {
            throw new IllegalArgumentException(features.length + " feature values are not " + rows + " rows of " + columns);
        }
        if (targets != null && targets.length != rows) {
            throw new IllegalArgumentException(targets.length + " targets for " + rows + " rows");
        }
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
        }
        if (weights != null && weights.length != rows) {
            throw new IllegalArgumentException(weights.length + " weights for " + rows + " rows");
        }
    }

    /** A batch of dense rows, which may carry weights and name its rows inside a larger matrix. */
    public Batch(double[] features, int rows, int columns, double[] targets, int[] labels, int[] rowIndices,
                 double[] weights) {
        this(features, rows, columns, targets, labels, rowIndices, weights, null);
    }

    /** An unweighted batch that may name its rows inside a larger matrix. */
    public Batch(double[] features, int rows, int columns, double[] targets, int[] labels, int[] rowIndices) {
        this(features, rows, columns, targets, labels, rowIndices, null, null);
    }

    /** An unweighted batch holding exactly its rows. */
    public Batch(double[] features, int rows, int columns, double[] targets, int[] labels) {
        this(features, rows, columns, targets, labels, null, null, null);
    }

    /**
     * A batch of sparse rows: all of {@code sparse}, or the rows {@code rowIndices} of it.
     *
     * @param rowIndices the batch's rows within {@code sparse}, or null for all of them
     */
    public static Batch sparse(SparseRows sparse, double[] targets, int[] labels, int[] rowIndices, double[] weights) {
        return new Batch(null, rowIndices == null ? sparse.rows() : rowIndices.length, sparse.columns(), targets, labels,
                rowIndices, weights, sparse);
    }

    /** Whether the rows are sparse ({@link #sparse()}). */
    public boolean isSparse() {
        return sparse != null;
    }

    /**
     * This batch with its rows dense, for the models that read dense rows: itself when they already are,
     * else its rows gathered and made dense (memory rows x columns).
     */
    public Batch densified() {
        if (sparse == null) {
            return this;
        }
        return new Batch(gathered(), rows, columns, targets, labels, null, weights, null);
    }

    /** Whether the rows carry weights. */
    public boolean weighted() {
        return weights != null;
    }

    /** The sum of the rows' weights, in row order; the row count when unweighted. */
    public double weightSum() {
        if (weights == null) {
            return rows;
        }
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        return sum;
    }

    /** The rows of {@code features} this batch holds, as a matrix of its own (a copy when indexed; dense when sparse). */
    public double[] gathered() {
        if (sparse != null) {
            return (rowIndices == null ? sparse : sparse.gather(rowIndices)).dense();
        }
        if (rowIndices == null) {
            return features;
        }
        double[] out = new double[rows * columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(features, rowIndices[r] * columns, out, r * columns, columns);
        }
        return out;
    }

    /** The number of rows of {@code features}: the batch's, or the whole matrix's when indexed. */
    public int matrixRows() {
        return sparse != null ? sparse.rows() : features.length / columns;
    }
}
