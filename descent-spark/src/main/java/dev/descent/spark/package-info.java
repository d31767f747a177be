/**
 * descent's training with the gradient summed by Apache Spark: training rows cached as fixed
 * {@link dev.descent.spark.RowBlock}s ({@link dev.descent.spark.RowBlocks}), and
 * {@link dev.descent.spark.SparkObjective}, the loop's full-batch objective whose every evaluation
 * is one distributed pass with descent-ml's own model code, summed in block order so that the
 * result does not depend on the partitioning. The driver runs descent-core's one loop with any
 * optimizer and schedule.
 */
package dev.descent.spark;
