/**
 * Update rules. {@link dev.descent.optim.Optimizer} (an immutable record of hyper-parameters) and
 * {@link dev.descent.optim.OptimizerState} (its per-run buffers, saved and restored exactly) at the
 * root; one file per algorithm: gradient descent, the PyTorch family (SGD, Adam, AdamW, RMSprop,
 * AdaGrad) and L-BFGS; {@link dev.descent.optim.LbfgsB}, L-BFGS within a box
 * ({@link dev.descent.Minimizer#bounds}), with its Moré-Thuente line search.
 */
package dev.descent.optim;
