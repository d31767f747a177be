/**
 * Weight averaging: a running average of the iterates of a run, kept beside it and fed by the loop's
 * {@link dev.descent.Listener} hooks, as {@code torch.optim.swa_utils.AveragedModel} (PyTorch 1.13)
 * keeps one beside a model. {@link dev.descent.average.WeightAveraging} (an immutable rule) and
 * {@link dev.descent.average.AveragedPoint} (its per-run buffer and count, saved and restored
 * exactly) at the root; one file per rule: {@link dev.descent.average.ExponentialMovingAverage}
 * (after every update) and {@link dev.descent.average.StochasticWeightAveraging} (at the end of every
 * epoch from a start epoch on).
 */
package dev.descent.average;
