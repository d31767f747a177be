package dev.descent.spark;

import java.io.Serializable;

/**
 * A fixed run of consecutive rows of the training data, the unit Spark caches and sums over: its
 * place in the data ({@code index}), its features row-major and its targets or labels. Blocks have
 * the same size whatever the partitioning (all but the last), and their sums are added by the fixed
 * tree over the block indices ({@link dev.descent.ml.model.BlockTree}), so the result does not depend
 * on how many partitions hold them or which finishes first.
 *
 * <p>Serializable only to travel to Spark's executors, which run the same build: its serialized
 * form is no stored format, so it is not documented.
 *
 * @param index the block's place in the data, 0 for the first rows
 * @param rows the rows it holds
 * @param columns the features per row
 * @param features row-major, {@code rows x columns}; null when the rows are sparse
 * @param targets numeric targets (regression; 0/1 for binary), or null
 * @param labels class indices (classification), or null
 * @param weights each row's weight, or null for unweighted rows
 * @param sparse the rows as compressed sparse rows (memory in proportion to their nonzeros), or null when
 *     {@code features} holds them
 * @serial exclude
 */
public record RowBlock(int index, int rows, int columns, double[] features, double[] targets, int[] labels,
                       double[] weights, dev.descent.ml.model.SparseRows sparse) implements Serializable {
    private static final long serialVersionUID = 2L;

    /** A block of dense rows. */
    public RowBlock(int index, int rows, int columns, double[] features, double[] targets, int[] labels, double[] weights) {
        this(index, rows, columns, features, targets, labels, weights, null);
    }

    /** A block of sparse rows. */
    public static RowBlock sparse(int index, dev.descent.ml.model.SparseRows sparse, double[] targets, int[] labels,
                                  double[] weights) {
        return new RowBlock(index, sparse.rows(), sparse.columns(), null, targets, labels, weights, sparse);
    }

    /** A block of unweighted rows. */
    public RowBlock(int index, int rows, int columns, double[] features, double[] targets, int[] labels) {
        this(index, rows, columns, features, targets, labels, null, null);
    }

    /** Checks the sizes agree. */
    public RowBlock {
        if (index < 0 || rows < 1 || (features == null) == (sparse == null)
                || (features != null ? (long) rows * columns != features.length
                : sparse.rows() != rows || sparse.columns() != columns)) {
            throw new IllegalArgumentException("block " + index + ": its values are not " + rows + " rows of " + columns);
        }
        if (targets != null && targets.length != rows || labels != null && labels.length != rows
                || weights != null && weights.length != rows) {
            throw new IllegalArgumentException("block " + index + ": targets, labels or weights do not match its " + rows
                    + " rows");
        }
    }

    /** The block with these weights (null: unweighted). */
    public RowBlock withWeights(double[] rowWeights) {
        return new RowBlock(index, rows, columns, features, targets, labels, rowWeights, sparse);
    }

    /** The block's rows as a batch for a model of {@code task}, as {@link dev.descent.ml.train.Trainer#batchOf} makes it. */
    public dev.descent.ml.model.Batch batch(dev.descent.ml.model.Task task) {
        return new dev.descent.ml.model.Batch(features, rows, columns,
                task == dev.descent.ml.model.Task.MULTICLASS ? null : targets,
                task == dev.descent.ml.model.Task.REGRESSION ? null : labels, null, weights, sparse);
    }

    /** Whether the rows are sparse ({@link #sparse()}). */
    public boolean isSparse() {
        return sparse != null;
    }
}
