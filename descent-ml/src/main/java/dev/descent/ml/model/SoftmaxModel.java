package dev.descent.ml.model;

/**
 * Softmax (multinomial logistic) regression {@code P(class c | x) = softmax(x W + b)_c}, trained on
 * the mean softmax cross-entropy.
 */
public final class SoftmaxModel extends AffineModel {
    /**
     * @param inputs the number of features
     * @param classes the number of classes, at least 2
     */
    public SoftmaxModel(int inputs, int classes) {
        super(inputs, classes);
        if (classes < 2) {
            throw new IllegalArgumentException("softmax regression needs at least 2 classes: " + classes);
        }
    }

    @Override
    public ModelSpec spec() {
        return ModelSpec.softmax();
    }

    @Override
    public Task task() {
        return Task.MULTICLASS;
    }
}
