/**
 * Update rules. {@link dev.descent.optim.Optimizer} (an immutable record of hyper-parameters) and
 * {@link dev.descent.optim.OptimizerState} (its per-run buffers, saved and restored exactly) at the
 * root; one file per algorithm: gradient descent, the PyTorch family (SGD, Adam, AdamW, RMSprop,
 * AdaGrad, Adamax, NAdam, RAdam, Adadelta, Rprop, ASGD), Lion and L-BFGS; {@link dev.descent.optim.LbfgsB},
 * L-BFGS within a box ({@link dev.descent.loop.Minimizer#bounds}), with its Moré-Thuente line search.
 *
 * <p>Every first-order rule, and gradient descent with a fixed step, has a float32 form
 * ({@link dev.descent.optim.Optimizer#inFloat32()}) that keeps float32 parameters and state and steps
 * as torch.optim 1.13 steps float32 parameters on the CPU, bit for bit.
 *
 * <p>{@link dev.descent.optim.Optimizers} is every rule as a spec string
 * ({@code adam:lr=1e-3,beta2=0.99}) and the one table of their keys, ranges and defaults.
 */
package dev.descent.optim;
