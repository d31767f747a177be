/**
 * Datasets: {@link dev.descent.ml.data.Dataset}, CSV reading with errors that name file, line and
 * column ({@link dev.descent.ml.data.CsvDatasets}), the built-in classic datasets, seeded stratified
 * splits and standardization fitted on the training part.
 */
package dev.descent.ml.data;
