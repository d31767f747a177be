package dev.descent.ml.model;


/**
 * Logistic regression {@code P(class 1 | x) = sigmoid(x . w + b)}, trained on the mean binary
 * cross-entropy {@code (1/n) sum_i [softplus(z_i) - y_i z_i]} computed from the logits without
 * overflow.
 */
public final class LogisticModel extends AffineModel {
    /** @param inputs the number of features */
    public LogisticModel(int inputs) {
        super(inputs, 1);
    }

    @Override
    public ModelSpec spec() {
        return ModelSpec.logistic();
    }

    @Override
    public Task task() {
        return Task.BINARY;
    }
}
