/**
 * Models with flat parameter vectors and autodiff losses: {@link dev.descent.ml.model.ModelSpec}
 * (what to build, as text), {@link dev.descent.ml.model.Model} (the interface), linear, logistic
 * and softmax regression, and the multilayer perceptron. The linear and logistic losses are fused
 * passes over the design matrix (GeneralizedLinearLoss, with row kernels in plain loops and, where
 * the Vector API is present, SIMD: the same bits either way), put on the tape with
 * {@link dev.descent.autodiff.Fused}.
 */
package dev.descent.ml.model;
