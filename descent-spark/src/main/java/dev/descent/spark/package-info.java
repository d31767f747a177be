/**
 * descent's training with the gradient summed by Apache Spark: training rows cached as fixed
 * {@link dev.descent.spark.RowBlock}s ({@link dev.descent.spark.RowBlocks}), and
 * {@link dev.descent.spark.SparkObjective}, the loop's full-batch objective whose every evaluation
 * is one distributed pass with descent-ml's own model code, the block sums added by the fixed tree
 * over the block indices ({@link dev.descent.ml.model.BlockTree}), partly on the executors and the
 * rest on the driver, so that the result does not depend on the partitioning. The driver runs descent-core's one loop with any
 * optimizer and schedule.
 */
package dev.descent.spark;
