package dev.descent.ml.train;

import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;

/** The training loss of a model on a batch, value and gradient ({@link Model#lossAndGradient}), plus the penalty. */
final class Loss {
    private Loss() {}

    /**
     * @param parameters not modified
     * @param gradient receives the gradient; modified
     * @return mean data loss plus penalty
     */
    static double valueAndGradient(Model model, Penalty penalty, double[] parameters, Batch batch, double[] gradient) {
        return model.lossAndGradient(parameters, batch, gradient) + penalty.addTo(model, parameters, gradient);
    }

    /** {@link #valueAndGradient(Model, Penalty, double[], Batch, double[])} at float32 parameters. */
    static double valueAndGradient(Model model, Penalty penalty, float[] parameters, Batch batch, float[] gradient) {
        return model.lossAndGradient(parameters, batch, gradient) + penalty.addTo(model, parameters, gradient);
    }

    /** The mean data loss alone (no penalty), recording nothing. */
    static double value(Model model, double[] parameters, Batch batch) {
        Tape tape = new Tape();
        return model.trainingLoss(tape.constant(parameters), tape, batch).item();
    }

    /** The raw outputs, {@code rows x outputs}, row-major. */
    static double[] outputs(Model model, double[] parameters, Batch batch) {
        Tape tape = new Tape();
        return model.forward(tape.constant(parameters), Model.features(tape, batch)).values();
    }
}
