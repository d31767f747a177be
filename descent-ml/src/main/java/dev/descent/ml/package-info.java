/**
 * Training models on data: {@code data} (datasets, splits, standardization), {@code model} (linear,
 * logistic, softmax, MLP), {@code train} (the trainer, metrics, checkpoints) and
 * {@link dev.descent.ml.SavedModel} (a trained model as JSON, and prediction).
 */
package dev.descent.ml;
