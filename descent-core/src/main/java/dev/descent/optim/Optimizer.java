package dev.descent.optim;

import java.io.DataInput;
import java.io.IOException;

/**
 * An update rule: an immutable record of hyper-parameters that makes a fresh {@link OptimizerState}
 * per run. The state owns its buffers (momentum, moments, curvature pairs) and updates the
 * parameters in place.
 *
 * <p>Implementations: {@link GradientDescent}, {@link Sgd}, {@link Adam}, {@link AdamW},
 * {@link RmsProp}, {@link AdaGrad} (the stochastic family, PyTorch 1.13 semantics) and
 * {@link Lbfgs}.
 */
public interface Optimizer {

    /** A short lower-case name, such as {@code "adam"}. */
    String name();

    /** The base learning rate (the constant schedule when none is given). */
    double learningRate();

    /** True when the rule ascends the objective (PyTorch's {@code maximize=True}). */
    default boolean maximizes() {
        return false;
    }

    /** A fresh state for a problem of {@code dimension} variables: step 0, buffers as at the start. */
    OptimizerState init(int dimension);

    /**
     * Reads back a state written by {@link OptimizerState#writeTo}. Continuing from it gives the
     * same iterates, bit for bit, as the run that wrote it.
     *
     * @throws IOException when the stream ends early, or holds the state of another optimizer or dimension
     */
    default OptimizerState restore(DataInput in) throws IOException {
        StateHeader header = StateHeader.read(in, name());
        OptimizerState state = init(header.dimension());
        state.readBuffers(header, in);
        return state;
    }
}
