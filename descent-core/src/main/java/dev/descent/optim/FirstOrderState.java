package dev.descent.optim;

import dev.descent.Check;
import dev.descent.Objective;
import dev.descent.io.BinaryFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The state of a first-order rule: one gradient in, one update out, no extra evaluations. The
 * stochastic family (SGD, Adam, AdamW, RMSprop, AdaGrad, Adamax, NAdam, RAdam, Adadelta, Rprop, ASGD,
 * Lion) and fixed-step gradient descent share it.
 * Trainers that draw a mini-batch gradient call {@link #update} directly.
 *
 * <p>Each of these rules has a float32 form ({@link Optimizer#inFloat32()}), whose state keeps
 * {@code float[]} buffers and steps in {@link #applyFloat}: {@code float[]} parameters directly
 * ({@link #update(float[], float[], double)}), {@code double[]} ones rounded to float32 and written
 * back. Its saved state has the float64 format, every value a float32 one.
 */
public abstract class FirstOrderState implements OptimizerState {

    private final Optimizer optimizer;
    private final int dimension;
    /** PyTorch's {@code state['step']}: updates taken so far. */
    protected long steps;
    private double lastLearningRate = Double.NaN;
    private double scheduledMomentum = Double.NaN;

    /**
     * @param optimizer the owning rule
     * @param dimension the number of parameters, at least 1
     */
    protected FirstOrderState(Optimizer optimizer, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1: " + dimension);
        }
        this.optimizer = optimizer;
        this.dimension = dimension;
    }

    @Override
    public final Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final double lastStepLength() {
        return lastLearningRate;
    }

    /**
     * Sets the momentum coefficient of the following updates ({@link Optimizer#momentum()}: SGD's and
     * RMSprop's momentum, beta1 of the Adam family and Lion), in place of the rule's own, as PyTorch's
     * momentum-cycling schedulers write {@code group['momentum']} or {@code group['betas'][0]}. The
     * loop sets it before every update it takes from such a schedule, so it is not part of the saved
     * state.
     *
     * @param momentum in [0, 1)
     * @throws UnsupportedOperationException for a rule without a momentum coefficient
     */
    @Override
    public final void setMomentum(double momentum) {
        if (Double.isNaN(optimizer.momentum())) {
            throw new UnsupportedOperationException(optimizer.name() + " has no momentum for a schedule to set");
        }
        Check.unitOpen("momentum", momentum);
        scheduledMomentum = momentum;
    }

    /**
     * The momentum coefficient of this update: the one {@link #setMomentum} set, or else the rule's own.
     *
     * @param own the rule's coefficient
     */
    protected final double momentum(double own) {
        return Double.isNaN(scheduledMomentum) ? own : scheduledMomentum;
    }

    /**
     * One update of the parameters from a gradient.
     *
     * @param parameters modified in place
     * @param gradient the gradient at {@code parameters}; not modified
     * @param learningRate the learning rate for this step
     */
    @Override
    public final void update(double[] parameters, double[] gradient, double learningRate) {
        checkLengths(parameters.length, gradient.length);
        steps++;
        lastLearningRate = learningRate;
        if (!optimizer.float32()) {
            apply(parameters, gradient, learningRate);
            return;
        }
        // a float32 rule steps float32 values: rounded in, stepped, written back (exactly, as floats)
        if (floatParameters == null) {
            floatParameters = new float[dimension];
            floatGradient = new float[dimension];
        }
        for (int i = 0; i < dimension; i++) {
            floatParameters[i] = (float) parameters[i];
            floatGradient[i] = (float) gradient[i];
        }
        applyFloat(floatParameters, floatGradient, learningRate);
        for (int i = 0; i < dimension; i++) {
            parameters[i] = floatParameters[i];
        }
    }

    /**
     * One update of float32 parameters, for a rule's float32 form ({@link Optimizer#float32()}).
     *
     * @param parameters modified in place
     * @param gradient the gradient at {@code parameters}; not modified
     * @param learningRate the learning rate for this step
     * @throws UnsupportedOperationException for a float64 rule
     */
    @Override
    public final void update(float[] parameters, float[] gradient, double learningRate) {
        if (!optimizer.float32()) {
            OptimizerState.super.update(parameters, gradient, learningRate); // throws: a float64 rule
            return;
        }
        checkLengths(parameters.length, gradient.length);
        steps++;
        lastLearningRate = learningRate;
        applyFloat(parameters, gradient, learningRate);
    }

    private void checkLengths(int parameters, int gradient) {
        if (parameters != dimension || gradient != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " parameters and gradient entries, got "
                    + parameters + " and " + gradient);
        }
    }

    /** The float32 copies a float32 rule steps when handed {@code double[]} values; made on first use. */
    private float[] floatParameters;
    private float[] floatGradient;

    /**
     * The rule itself in float64; {@link #steps} already counts this step.
     *
     * @param parameters modified
     * @param gradient not modified
     */
    protected abstract void apply(double[] parameters, double[] gradient, double learningRate);

    /**
     * The rule itself in float32, every operation rounded as PyTorch 1.13's CPU kernels round a
     * float32 tensor's: Python scalars rounded to float first, {@code add(b, alpha=s)} as
     * {@code fma(s, b, a)}, {@code addcmul(b, c, value=s)} as {@code fma(s * b, c, a)},
     * {@code addcdiv(b, c, value=s)} as {@code a + s * b / c}. Only a rule's float32 form calls it;
     * {@link #steps} already counts this step.
     *
     * @param parameters modified
     * @param gradient not modified
     */
    protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
        throw new UnsupportedOperationException(optimizer.name() + " has no float32 form");
    }

    @Override
    public final double iterate(Objective objective, double[] x, double value, double[] gradient, double learningRate) {
        update(x, gradient, learningRate);
        return objective.valueAndGradient(x, gradient);
    }

    @Override
    public final void writeTo(DataOutput out) throws IOException {
        new StateHeader(optimizer.name(), dimension, steps).write(out);
        BinaryFormat.writeDouble(out, lastLearningRate);
        writeBuffers(out);
    }

    @Override
    public final void readBuffers(StateHeader header, DataInput in) throws IOException {
        steps = header.steps();
        lastLearningRate = BinaryFormat.readDouble(in);
        readBuffers(in);
    }

    /** Writes the rule's buffers, each with {@link StateHeader#writeArray}. */
    protected abstract void writeBuffers(DataOutput out) throws IOException;

    /** Reads what {@link #writeBuffers} wrote, with {@link StateHeader#readArray}. */
    protected abstract void readBuffers(DataInput in) throws IOException;
}
