/**
 * Models with flat parameter vectors and autodiff losses: linear, logistic and softmax regression,
 * and the multilayer perceptron. {@link dev.descent.ml.model.Model} is the interface.
 */
package dev.descent.ml.model;
