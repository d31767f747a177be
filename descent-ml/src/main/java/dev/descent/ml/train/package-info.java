/**
 * Training: {@link dev.descent.ml.train.Trainer} (mini-batch, full-batch and per-example updates with
 * any core optimizer and schedule through descent-core's one loop, convergence and early stopping as
 * stop reasons, checkpoints that resume bit for bit), per-epoch {@link dev.descent.ml.train.Metrics},
 * {@link dev.descent.ml.train.TrainingResult} (with the {@link dev.descent.ml.train.AveragedParameters} of an
 * EMA or SWA run) and {@link dev.descent.ml.train.TrainingListener}s.
 */
package dev.descent.ml.train;
