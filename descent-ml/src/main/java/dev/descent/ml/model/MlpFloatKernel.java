package dev.descent.ml.model;

import dev.descent.autodiff.Losses;
import dev.descent.autodiff.MatrixProduct;
import dev.descent.autodiff.Relu;

/**
 * {@link MlpKernel}'s passes in float32 ({@link Precision#FLOAT32}): the same equations, on the
 * float32 parameters a float32 rule steps, read and written where they lie (float64 parameters are
 * rounded once per step into a float32 copy, and the gradient widened back), the features
 * rounded chunk by chunk, and every product, bias, activation and gradient in float32 through
 * {@link MatrixProduct}'s float kernel (eight floats per 256-bit vector where four doubles fit). The
 * loss head is float64: the chunk's logits are widened, the shared {@link MlpKernel#head} sums the
 * loss in float64 and its gradient is rounded back, so a long epoch's loss does not drift with
 * float32 rounding.
 *
 * <p>Its bits do not depend on the vector width or the thread count, as the float64 pass's do not.
 */
final class MlpFloatKernel implements MlpPass {
    private final MlpLayout layout;
    private final Activation activation;
    private final Task task;

    /** The buffers of one thread, for up to {@code capacity} rows. */
    private static final class Workspace {
        final int capacity;
        final float[] theta;
        final float[] gradient;
        final float[] features;
        final float[][] preActivation;
        final float[][] activated;
        final float[] delta;
        final float[] deltaBelow;
        final float[] transposed;
        final double[] outputs;
        final double[] outputDelta;

        Workspace(MlpLayout layout, int capacity) {
            int[] sizes = layout.sizes;
            int widest = layout.widest;
            this.capacity = capacity;
            int layers = sizes.length - 1;
            theta = new float[layout.parameters];
            gradient = new float[layout.parameters];
            features = new float[capacity * sizes[0]];
            preActivation = new float[layers + 1][];
            activated = new float[layers][];
            for (int l = 1; l <= layers; l++) {
                preActivation[l] = new float[capacity * sizes[l]];
                if (l < layers) {
                    activated[l] = new float[capacity * sizes[l]];
                }
            }
            delta = new float[capacity * widest];
            deltaBelow = new float[capacity * widest];
            transposed = new float[layout.largestHiddenWeights];
            outputs = new double[capacity * sizes[layers]];
            outputDelta = new double[capacity * sizes[layers]];
        }
    }

    private final ThreadLocal<Workspace> workspaces = new ThreadLocal<>();

    MlpFloatKernel(MlpLayout layout, Activation activation, Task task) {
        this.layout = layout;
        this.activation = activation;
        this.task = task;
    }

    private Workspace workspace(int rows) {
        Workspace w = workspaces.get();
        if (w == null || w.capacity < rows) {
            w = new Workspace(layout, rows);
            workspaces.set(w);
        }
        return w;
    }

    /**
     * The mean data loss of {@code theta}, rounded to float32, on the batch, with its gradient.
     *
     * @param theta the float64 parameters; not modified
     * @param gradient receives d loss / d theta computed in float32, overwritten
     */
    @Override
    public double lossAndGradient(double[] theta, Batch batch, double[] gradient) {
        Workspace w = workspace(Math.min(batch.rows(), MlpKernel.CHUNK));
        for (int j = 0; j < layout.parameters; j++) {
            w.theta[j] = (float) theta[j];
        }
        double loss = pass(w.theta, batch, w.gradient, w);
        for (int j = 0; j < layout.parameters; j++) {
            gradient[j] = w.gradient[j];
        }
        return loss;
    }

    /**
     * The pass on the float32 parameters and gradient the loop steps (a float32 rule's), read and
     * written where they lie.
     */
    @Override
    public double lossAndGradient(float[] theta, Batch batch, float[] gradient) {
        return pass(theta, batch, gradient, workspace(Math.min(batch.rows(), MlpKernel.CHUNK)));
    }

    private double pass(float[] theta, Batch batch, float[] gradient, Workspace w) {
        int rows = batch.rows();
        MlpKernel.clearBiases(layout, gradient);
        double sum = 0;
        for (int from = 0; from < rows; from += MlpKernel.CHUNK) {
            sum = chunk(theta, gradient, batch, from, Math.min(MlpKernel.CHUNK, rows - from), w, sum);
        }
        if (batch.weights() != null) {
            return MlpKernel.weightedMean(sum, gradient, batch.weightSum(),
                    task == Task.MULTICLASS ? 1 : layout.sizes[layout.layers]);
        }
        return sum / (task == Task.MULTICLASS ? rows : (double) rows * layout.sizes[layout.layers]);
    }

    private double chunk(float[] theta, float[] gradient, Batch batch, int from, int count, Workspace w, double sum) {
        int[] sizes = layout.sizes;
        int layers = layout.layers;
        int[] weightOffset = layout.weightOffset;
        int[] biasOffset = layout.biasOffset;
        int d = sizes[0];
        float[] x = w.features;
        double[] features = batch.features();
        int[] indices = batch.rowIndices();
        MlpKernel.byRows(count, d, (first, last) -> {
            for (int r = first; r < last; r++) {
                int row = indices == null ? from + r : indices[from + r];
                for (int c = 0, source = row * d, target = r * d; c < d; c++) {
                    x[target + c] = (float) features[source + c];
                }
            }
        });
        float[] input = x;
        for (int l = 1; l <= layers; l++) {
            int fanIn = sizes[l - 1];
            int fanOut = sizes[l];
            float[] z = w.preActivation[l];
            MatrixProduct.multiply(input, 0, fanIn, 1, theta, weightOffset[l], z, 0, count, fanIn, fanOut);
            float[] h = l < layers ? w.activated[l] : null;
            int bias = biasOffset[l];
            MlpKernel.byRows(count, fanOut, (first, last) -> addBiasAndActivate(z, h, theta, bias, first, last, fanOut));
            input = h;
        }
        int k = sizes[layers];
        float[] logits = w.preActivation[layers];
        for (int i = 0; i < count * k; i++) {
            w.outputs[i] = logits[i];
        }
        double loss = MlpKernel.head(task, k, w.outputs, from, count, batch, w.outputDelta, sum);
        float[] delta = w.delta;
        for (int i = 0; i < count * k; i++) {
            delta[i] = (float) w.outputDelta[i];
        }
        float[] below = w.deltaBelow;
        for (int l = layers; l >= 1; l--) {
            int fanIn = sizes[l - 1];
            int fanOut = sizes[l];
            float[] in = l > 1 ? w.activated[l - 1] : x;
            if (from == 0) {
                MatrixProduct.multiply(in, 0, 1, fanIn, delta, 0, gradient, weightOffset[l], fanIn, count, fanOut);
            } else {
                MatrixProduct.multiplyAdd(in, 0, 1, fanIn, delta, 0, gradient, weightOffset[l], fanIn, count, fanOut);
            }
            int bias = biasOffset[l];
            for (int r = 0, i = 0; r < count; r++) {
                for (int c = 0; c < fanOut; c++, i++) {
                    gradient[bias + c] += delta[i];
                }
            }
            if (l == 1) {
                break;
            }
            float[] t = w.transposed;
            int weights = weightOffset[l];
            for (int p = 0; p < fanIn; p++) {
                for (int c = 0; c < fanOut; c++) {
                    t[c * fanIn + p] = theta[weights + p * fanOut + c];
                }
            }
            MatrixProduct.multiply(delta, 0, fanOut, 1, t, 0, below, 0, count, fanOut, fanIn);
            float[] zBelow = w.preActivation[l - 1];
            float[] hBelow = w.activated[l - 1];
            multiplyByDerivative(below, zBelow, hBelow, count * fanIn);
            float[] swap = delta;
            delta = below;
            below = swap;
        }
        return loss;
    }

    /**
     * {@code z += b} on rows {@code [first, last)}, and {@code h = act(z)} when {@code h} is not null
     * (a hidden layer), in one pass with the activation chosen once, outside the loop, so the loop
     * stays branch-light.
     */
    private void addBiasAndActivate(float[] z, float[] h, float[] theta, int bias, int first, int last, int cols) {
        if (h == null) {
            for (int r = first, i = first * cols; r < last; r++) {
                for (int c = 0; c < cols; c++, i++) {
                    z[i] = z[i] + theta[bias + c];
                }
            }
            return;
        }
        switch (activation) {
            case RELU -> {
                for (int r = first, i = first * cols; r < last; r++) {
                    for (int c = 0; c < cols; c++, i++) {
                        float v = z[i] + theta[bias + c];
                        z[i] = v;
                        h[i] = Math.max(v, 0); // v <= 0 ? 0 : v, NaN kept, without a branch that mispredicts
                    }
                }
            }
            case TANH -> {
                for (int r = first, i = first * cols; r < last; r++) {
                    for (int c = 0; c < cols; c++, i++) {
                        float v = z[i] + theta[bias + c];
                        z[i] = v;
                        h[i] = (float) Math.tanh(v);
                    }
                }
            }
            case SIGMOID -> {
                for (int r = first, i = first * cols; r < last; r++) {
                    for (int c = 0; c < cols; c++, i++) {
                        float v = z[i] + theta[bias + c];
                        z[i] = v;
                        h[i] = (float) Losses.sigmoid(v);
                    }
                }
            }
            default -> throw new AssertionError(activation);
        }
    }

    /** {@code g = g act'(z)} over the first {@code length} entries, from the input {@code z} and the output {@code y}. */
    private void multiplyByDerivative(float[] g, float[] z, float[] y, int length) {
        switch (activation) {
            case RELU -> {
                Relu.backward(g, z, length);
            }
            case TANH -> {
                for (int i = 0; i < length; i++) {
                    g[i] = g[i] * (1 - y[i] * y[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < length; i++) {
                    g[i] = g[i] * (y[i] * (1 - y[i]));
                }
            }
            default -> throw new AssertionError(activation);
        }
    }
}
