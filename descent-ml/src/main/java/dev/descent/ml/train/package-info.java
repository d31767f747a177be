/**
 * Training: {@link dev.descent.ml.train.Trainer} (mini-batch, full-batch and per-example updates with
 * any core optimizer and schedule, early stopping, checkpoints that resume bit for bit), per-epoch
 * {@link dev.descent.ml.train.Metrics} and {@link dev.descent.ml.train.TrainingListener}s.
 */
package dev.descent.ml.train;
