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
        buffers(new Buffers(out, null, optimizer.float32(), dimension));
    }

    @Override
    public final void readBuffers(StateHeader header, DataInput in) throws IOException {
        steps = header.steps();
        lastLearningRate = BinaryFormat.readDouble(in);
        buffers(new Buffers(null, in, optimizer.float32(), dimension));
    }

    /**
     * Names the rule's buffers to {@code buffers}, in the order they are saved, each with its name
     * in torch's state dict ({@code "exp_avg"}): the one method both saving and restoring go through,
     * so that they cannot disagree.
     */
    protected abstract void buffers(Buffers buffers) throws IOException;

    /**
     * Writes, or reads back, the buffers a state names to it: each with
     * {@link StateHeader#writeArray} and {@link StateHeader#readArray}, the float32 form of a buffer
     * for a rule in float32 and the float64 form otherwise. A state names both forms of each buffer;
     * the one of the other precision is left alone.
     */
    protected static final class Buffers {
        /** Where the buffers go when saving, or null when restoring. */
        private final DataOutput out;
        /** Where they come from when restoring, or null when saving. */
        private final DataInput in;
        private final boolean float32;
        private final int dimension;

        private Buffers(DataOutput out, DataInput in, boolean float32, int dimension) {
            this.out = out;
            this.in = in;
            this.float32 = float32;
            this.dimension = dimension;
        }

        /**
         * A buffer allocated with the state, in its float64 and float32 forms; restoring reads into
         * it, so its length must be that of the saved one.
         *
         * @param values modified when restoring a float64 rule's state
         * @param values32 modified when restoring a float32 rule's state
         */
        public void fixed(String name, double[] values, float[] values32) throws IOException {
            if (float32) {
                if (out != null) {
                    StateHeader.writeArray(out, values32);
                } else {
                    StateHeader.readArray(in, values32, name);
                }
            } else if (out != null) {
                StateHeader.writeArray(out, values);
            } else {
                StateHeader.readArray(in, values, name);
            }
        }

        /**
         * A float64 buffer that the rule allocates on first use (empty until then, as torch's
         * {@code None}); a float32 rule's state leaves it alone.
         *
         * @return {@code values} when saving, the buffer read (empty or of the state's dimension) when restoring
         */
        public double[] optional(String name, double[] values) throws IOException {
            if (float32) {
                return values;
            }
            if (out != null) {
                StateHeader.writeArray(out, values);
                return values;
            }
            return StateHeader.readOptionalArray(in, dimension, name);
        }

        /** The float32 form of {@link #optional(String, double[])}; a float64 rule's state leaves it alone. */
        public float[] optional(String name, float[] values) throws IOException {
            if (!float32) {
                return values;
            }
            if (out != null) {
                StateHeader.writeArray(out, values);
                return values;
            }
            return StateHeader.readOptionalFloatArray(in, dimension, name);
        }
    }
}
