package dev.descent.ml.model;

/**
 * Rows to evaluate a model on: row-major features, and targets (numbers) or labels (class
 * indices). The arrays are used as they are, not copied; they must not change during an evaluation.
 *
 * @param features row-major, {@code rows x columns}
 * @param rows the number of rows
 * @param columns the number of features
 * @param targets numeric targets (regression; 0/1 for binary), one per row, or null
 * @param labels class indices (classification), one per row, or null
 */
public record Batch(double[] features, int rows, int columns, double[] targets, int[] labels) {
    /** Checks the sizes agree. */
    public Batch {
        if ((long) rows * columns != features.length) {
            throw new IllegalArgumentException(features.length + " feature values are not " + rows + " rows of " + columns);
        }
        if (targets != null && targets.length != rows) {
            throw new IllegalArgumentException(targets.length + " targets for " + rows + " rows");
        }
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
        }
    }
}
