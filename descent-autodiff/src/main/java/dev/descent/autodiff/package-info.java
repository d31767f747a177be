/**
 * Reverse-mode automatic differentiation on dense float64 tensors: {@link dev.descent.autodiff.Tape}
 * records, {@link dev.descent.autodiff.Tensor} computes, {@link dev.descent.autodiff.Autodiff} adapts
 * a tensor function to a core objective. Each operation's forward and backward rules sit together in
 * one class per family (arithmetic, element-wise, reductions, linear algebra, indexing, losses).
 */
package dev.descent.autodiff;
