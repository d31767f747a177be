package dev.descent.ml.model;


/**
 * Linear regression {@code y = X w + b}, trained on the mean squared error
 * {@code (1/n) sum_i (x_i . w + b - y_i)^2}.
 */
public final class LinearModel extends AffineModel {
    /** @param inputs the number of features */
    public LinearModel(int inputs) {
        super(inputs, 1);
    }

    @Override
    public ModelSpec spec() {
        return ModelSpec.linear();
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }
}
