package dev.descent.ml.model;

import dev.descent.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron: {@code h_0 = X}, {@code h_l = act(h_{l-1} W_l + b_l)} for each hidden
 * layer, and a linear output layer whose outputs feed the task's loss (squared error, binary or
 * softmax cross-entropy). Parameters are laid out layer by layer as {@code [W_1, b_1, W_2, b_2, ...]}.
 *
 * <p>Initialization, seeded: He et al. (2015) for ReLU, {@code W ~ N(0, 2 / fan_in)}; Glorot &amp;
 * Bengio (2010) for tanh and sigmoid, {@code W ~ U(-a, a)}, {@code a = sqrt(6 / (fan_in + fan_out))};
 * biases 0.
 *
 * <p>Training passes ({@link #lossAndGradient}) are fused, in float64 or float32 ({@link Precision});
 * {@link #forward} records the float64 network on a tape, for predictions and evaluation.
 */
public final class Mlp implements Model {
    private final int[] sizes;
    private final MlpLayout layout;
    private final Activation activation;
    private final Task task;
    private final Precision precision;
    private final MlpPass pass;

    /**
     * @param inputs the number of features
     * @param hidden the hidden layer widths, each at least 1
     * @param activation the hidden activation
     * @param task what the output predicts
     * @param outputs 1 for regression and binary, k for k classes
     */
    public Mlp(int inputs, List<Integer> hidden, Activation activation, Task task, int outputs) {
        this(inputs, hidden, activation, task, outputs, Precision.FLOAT64);
    }

    /**
     * An MLP whose training passes compute in {@code precision}.
     *
     * @param precision {@link Precision#FLOAT32} for float32 layers, and float32 parameters under a float32 rule
     */
    public Mlp(int inputs, List<Integer> hidden, Activation activation, Task task, int outputs, Precision precision) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("an MLP needs at least one input and one output");
        }
        sizes = new int[hidden.size() + 2];
        sizes[0] = inputs;
        for (int l = 0; l < hidden.size(); l++) {
            if (hidden.get(l) < 1) {
                throw new IllegalArgumentException("hidden layer widths must be at least 1: " + hidden);
            }
            sizes[l + 1] = hidden.get(l);
        }
        sizes[sizes.length - 1] = outputs;
        this.layout = new MlpLayout(sizes);
        this.activation = activation;
        this.task = task;
        this.precision = java.util.Objects.requireNonNull(precision, "precision");
        this.pass = precision == Precision.FLOAT64 ? new MlpKernel(layout, activation, task)
                : new MlpFloatKernel(layout, activation, task);
    }

    @Override
    public ModelSpec spec() {
        List<Integer> hidden = new ArrayList<>();
        for (int l = 1; l < sizes.length - 1; l++) {
            hidden.add(sizes[l]);
        }
        return ModelSpec.mlp(hidden, activation).withPrecision(precision);
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public int inputs() {
        return sizes[0];
    }

    @Override
    public int outputs() {
        return sizes[sizes.length - 1];
    }

    /** The hidden activation. */
    public Activation activation() {
        return activation;
    }

    /** The precision of its training passes. */
    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public int parameterCount() {
        return layout.parameters;
    }

    @Override
    public double[] initialParameters(long seed) {
        double[] theta = new double[layout.parameters];
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 1; l <= layout.layers; l++) {
            int fanIn = sizes[l - 1];
            int fanOut = sizes[l];
            boolean he = activation == Activation.RELU && l < layout.layers;
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            double deviation = Math.sqrt(2.0 / fanIn);
            int offset = layout.weightOffset[l];
            for (int k = 0; k < fanIn * fanOut; k++) {
                theta[offset + k] = he ? deviation * random.nextGaussian() : random.nextDouble(-limit, limit);
            }
            // biases stay 0
        }
        if (precision == Precision.FLOAT32) {
            for (int j = 0; j < theta.length; j++) {
                theta[j] = (float) theta[j]; // float32 values from the start
            }
        }
        return theta;
    }

    /** {@code W_1} is {@code inputs x sizes[1]} row-major: its entry at {@code k} multiplies input {@code k / sizes[1]}. */
    @Override
    public int inputOf(int index) {
        int offset = layout.weightOffset[1];
        return index >= offset && index < offset + sizes[0] * sizes[1] ? (index - offset) / sizes[1] : -1;
    }

    @Override
    public boolean isWeight(int index) {
        java.util.Objects.checkIndex(index, layout.parameters);
        for (int l = 1; l <= layout.layers; l++) {
            if (index < layout.biasOffset[l]) {
                return true;
            }
            if (index < layout.biasOffset[l] + sizes[l]) {
                return false;
            }
        }
        throw new AssertionError(index);
    }

    @Override
    public Tensor forward(Tensor parameters, Tensor features) {
        Tensor h = features;
        for (int l = 1; l <= layout.layers; l++) {
            int fanIn = sizes[l - 1];
            int fanOut = sizes[l];
            int weights = layout.weightOffset[l];
            int bias = layout.biasOffset[l];
            h = h.matmul(parameters.slice(weights, weights + fanIn * fanOut).reshape(fanIn, fanOut))
                    .add(parameters.slice(bias, bias + fanOut));
            if (l < layout.layers) {
                h = activation.apply(h);
            }
        }
        return h;
    }

    /**
     * The fused pass, with no per-step allocation: in float64 ({@code MlpKernel}) the tape's bits; in
     * float32 ({@code MlpFloatKernel}) the same equations on float32 layers. A weighted batch's
     * weighted mean is the same pass with each row's output deltas times its weight, divided by the
     * weight sum at the end (a branch once per chunk, which leaves the unweighted work as it was).
     */
    @Override
    public double lossAndGradient(double[] parameters, Batch batch, double[] gradient) {
        batch = batch.densified(); // its kernels read dense rows
        return pass.lossAndGradient(parameters, batch, gradient);
    }

    /**
     * The fused pass at float32 parameters: a float32 MLP reads them and writes the gradient where
     * they lie, with no copy; a float64 one widens them, as {@link Model} does for any model.
     */
    @Override
    public double lossAndGradient(float[] parameters, Batch batch, float[] gradient) {
        batch = batch.densified(); // its kernels read dense rows
        return precision == Precision.FLOAT32 ? pass.lossAndGradient(parameters, batch, gradient)
                : Model.super.lossAndGradient(parameters, batch, gradient);
    }

    @Override
    public List<Integer> layerSizes() {
        List<Integer> list = new ArrayList<>();
        for (int size : sizes) {
            list.add(size);
        }
        return list;
    }
}
