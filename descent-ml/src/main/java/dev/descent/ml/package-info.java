/**
 * Training models on data. {@link dev.descent.ml.Pipeline} is the whole of it as one value (load,
 * split, standardize, build, train, evaluate, save); beneath it: {@code data} (datasets, splits,
 * standardization), {@code model} (model specs; linear, logistic, softmax, MLP; the fused
 * linear-model losses and their kernels), {@code train} (the trainer over descent-core's one loop,
 * epoch metrics, checkpoints), {@code metrics} (scikit-learn's classification report, RMSE, MAE,
 * R^2) and {@link dev.descent.ml.SavedModel} (a trained model as JSON, and prediction), scored on
 * rows by {@link dev.descent.ml.Evaluation}.
 */
package dev.descent.ml;
