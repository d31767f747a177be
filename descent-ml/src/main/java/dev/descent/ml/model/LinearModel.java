package dev.descent.ml.model;

import dev.descent.autodiff.Losses;
import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;

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
    public String describe() {
        return "linear";
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    /** One fused pass over the features for value and gradient (see {@link Losses#linearSquaredError}). */
    @Override
    public Tensor trainingLoss(Tensor parameters, Tape tape, Batch batch) {
        // a shuffled batch is gathered first: one bulk copy of its rows overlaps their memory
        // fetches far better than the kernel's row-by-row reads would
        return Losses.generalizedLinear(Model.features(tape, batch), null, parameters, batch.targets(), false);
    }
}
