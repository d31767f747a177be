package dev.descent.ml.model;

import dev.descent.autodiff.Losses;
import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;

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
    public String describe() {
        return "logistic";
    }

    @Override
    public Task task() {
        return Task.BINARY;
    }

    /** One fused pass over the features for value and gradient (see {@link Losses#logisticCrossEntropy}). */
    @Override
    public Tensor trainingLoss(Tensor parameters, Tape tape, Batch batch) {
        // a shuffled batch is gathered first: one bulk copy of its rows overlaps their memory
        // fetches far better than the kernel's row-by-row reads would
        return Losses.generalizedLinear(Model.features(tape, batch), null, parameters, batch.targets(), true);
    }
}
