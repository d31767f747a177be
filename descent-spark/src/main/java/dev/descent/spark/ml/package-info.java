/**
 * descent's training as stages of Spark ML pipelines: {@link dev.descent.spark.ml.DescentClassifier}
 * and {@link dev.descent.spark.ml.DescentRegressor} read a vector column of features (dense or sparse),
 * a label column and an optional weight column, train with descent's loop over row blocks cached in
 * Spark, and give models that transform on the executors, save and load, and work inside
 * {@code Pipeline}, {@code CrossValidator} and {@code TrainValidationSplit}.
 */
package dev.descent.spark.ml;
