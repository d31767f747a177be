/**
 * Training: {@link dev.descent.ml.train.Trainer} (mini-batch, full-batch and per-example updates with
 * any core optimizer and schedule through descent-core's one loop, convergence and early stopping as
 * stop reasons, checkpoints that resume bit for bit), per-epoch {@link dev.descent.ml.train.Metrics},
 * {@link dev.descent.ml.train.TrainingResult} and {@link dev.descent.ml.train.TrainingListener}s.
 */
package dev.descent.ml.train;
