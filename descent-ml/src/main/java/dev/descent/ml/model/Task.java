package dev.descent.ml.model;

/** What a model predicts, which fixes its loss. */
public enum Task {
    /** A number; mean squared error. */
    REGRESSION,
    /** One of two classes; binary cross-entropy on a logit. */
    BINARY,
    /** One of k classes; softmax cross-entropy. */
    MULTICLASS
}
