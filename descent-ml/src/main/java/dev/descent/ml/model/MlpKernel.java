package dev.descent.ml.model;

import dev.descent.autodiff.Losses;
import dev.descent.autodiff.MatrixProduct;
import dev.descent.autodiff.Relu;
import dev.descent.parallel.Team;
import java.util.Arrays;

/**
 * An MLP's mean loss and its gradient in one forward and one backward pass over buffers allocated
 * once per thread: each layer's weights and bias are read, and their gradients written, where they
 * lie in the flat parameter and gradient vectors the optimizer updates, with no copy. Per layer
 * {@code l} (Goodfellow, Bengio &amp; Courville, <i>Deep Learning</i>, 2016, section 6.5):
 *
 * <pre>
 * forward:   Z_l = H_{l-1} W_l + b_l,   H_l = act(Z_l)   (H_0 = X; the last Z is the output)
 * backward:  dW_l = H_{l-1}^T dZ_l,   db_l = sum over rows of dZ_l,
 *            dH_{l-1} = dZ_l W_l^T,   dZ_{l-1} = dH_{l-1} * act'(Z_{l-1})
 * </pre>
 *
 * <p>Every operation is the one the tape records for {@link Mlp#forward} and {@link Model#loss}, in
 * the same order and with the same roundings (the products through {@link MatrixProduct}, the
 * bias added after the product, each gradient started from +0), so the fused pass and the tape give
 * the same bits; {@code MlpKernelTest} holds them to it. The bias and the activation are applied in
 * one pass over the product's output.
 */
final class MlpKernel implements MlpPass {
    private final MlpLayout layout;
    private final Activation activation;
    private final Task task;

    /** The buffers of one thread, for up to {@code capacity} rows. */
    private static final class Workspace {
        final int capacity;
        /** Z_l, rows x sizes[l], for l = 1..layers. */
        final double[][] preActivation;
        /** H_l, rows x sizes[l], for the hidden layers l = 1..layers-1. */
        final double[][] activated;
        final double[] delta;
        final double[] deltaBelow;
        final double[] transposed;
        /** A chunk's rows of an indexed batch, gathered. */
        final double[] gathered;

        Workspace(MlpLayout layout, int capacity) {
            int[] sizes = layout.sizes;
            int widest = layout.widest;
            this.capacity = capacity;
            gathered = new double[capacity * sizes[0]];
            int layers = sizes.length - 1;
            preActivation = new double[layers + 1][];
            activated = new double[layers][];
            for (int l = 1; l <= layers; l++) {
                preActivation[l] = new double[capacity * sizes[l]];
                if (l < layers) {
                    activated[l] = new double[capacity * sizes[l]];
                }
            }
            delta = new double[capacity * widest];
            deltaBelow = new double[capacity * widest];
            transposed = new double[layout.largestHiddenWeights];
        }
    }

    private final ThreadLocal<Workspace> workspaces = new ThreadLocal<>();

    MlpKernel(MlpLayout layout, Activation activation, Task task) {
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
     * The mean data loss of {@code theta} on the batch, with its gradient. The rows go through in
     * chunks of {@link #CHUNK}, each sum (the loss, and every weight and bias gradient) carried on
     * from one chunk to the next in row order, so the bits are those of one pass over all the rows
     * while the buffers stay the size of a chunk.
     *
     * @param theta the parameters, laid out as {@link MlpLayout} says; not modified
     * @param gradient receives d loss / d theta, overwritten
     */
    @Override
    public double lossAndGradient(double[] theta, Batch batch, double[] gradient) {
        int[] sizes = layout.sizes;
        int layers = layout.layers;
        int rows = batch.rows();
        Workspace w = workspace(Math.min(rows, CHUNK));
        clearBiases(layout, gradient);
        double sum = 0;
        for (int from = 0; from < rows; from += CHUNK) {
            sum = chunk(theta, batch, from, Math.min(CHUNK, rows - from), w, gradient, sum);
        }
        if (batch.weights() != null) {
            return weightedMean(sum, gradient, batch.weightSum(), task == Task.MULTICLASS ? 1 : sizes[layers]);
        }
        return sum / (task == Task.MULTICLASS ? rows : (double) rows * sizes[layers]);
    }

    /**
     * A weighted batch's loss and gradient from the sums {@link #head} left (each row's terms times its
     * weight): both divided by the weight sum (times the outputs for the per-output losses); 0 when
     * every weight is 0.
     */
    static double weightedMean(double sum, double[] gradient, double weightSum, int outputs) {
        double total = weightSum * outputs;
        double scale = total == 0 ? 0 : 1 / total;
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] *= scale;
        }
        return total == 0 ? 0 : sum / total;
    }

    /** {@link #weightedMean(double, double[], double, int)} for a float32 gradient. */
    static double weightedMean(double sum, float[] gradient, double weightSum, int outputs) {
        double total = weightSum * outputs;
        double scale = total == 0 ? 0 : 1 / total;
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] = (float) (gradient[j] * scale);
        }
        return total == 0 ? 0 : sum / total;
    }

    /** Rows per pass: a 256-wide layer's four buffers of 1024 rows take 8 MiB. */
    static final int CHUNK = 1024;

    /**
     * Rows {@code [from, from + count)}: adds their gradient terms, and returns {@code sum} with their
     * loss terms added in order.
     */
    private double chunk(double[] theta, Batch batch, int from, int count, Workspace w, double[] gradient,
                         double sum) {
        int[] sizes = layout.sizes;
        int layers = layout.layers;
        int[] weightOffset = layout.weightOffset;
        int[] biasOffset = layout.biasOffset;
        int d = sizes[0];
        double[] x;
        int xOffset;
        if (batch.rowIndices() == null) {
            x = batch.features();
            xOffset = from * d;
        } else {
            double[] gathered = w.gathered;
            x = gathered;
            xOffset = 0;
            byRows(count, d, (first, last) -> {
                for (int r = first; r < last; r++) {
                    System.arraycopy(batch.features(), batch.rowIndices()[from + r] * d, gathered, r * d, d);
                }
            });
        }
        double[] input = x;
        int inputOffset = xOffset;
        for (int l = 1; l <= layers; l++) {
            int fanIn = sizes[l - 1];
            int fanOut = sizes[l];
            double[] z = w.preActivation[l];
            MatrixProduct.multiply(input, inputOffset, fanIn, 1, theta, weightOffset[l], z, 0, count, fanIn, fanOut);
            double[] h = l < layers ? w.activated[l] : null;
            int bias = biasOffset[l];
            byRows(count, fanOut, (first, last) -> addBiasAndActivate(z, h, theta, bias, first, last, fanOut));
            input = h;
            inputOffset = 0;
        }
        double loss = head(task, sizes[layers], w.preActivation[layers], from, count, batch, w.delta, sum);
        double[] delta = w.delta;
        double[] below = w.deltaBelow;
        for (int l = layers; l >= 1; l--) {
            int fanIn = sizes[l - 1];
            int fanOut = sizes[l];
            double[] in = l > 1 ? w.activated[l - 1] : x;
            int inOffset = l > 1 ? 0 : xOffset;
            if (from == 0) {
                MatrixProduct.multiply(in, inOffset, 1, fanIn, delta, 0, gradient, weightOffset[l], fanIn, count, fanOut);
            } else {
                MatrixProduct.multiplyAdd(in, inOffset, 1, fanIn, delta, 0, gradient, weightOffset[l], fanIn, count, fanOut);
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
            double[] t = w.transposed;
            int weights = weightOffset[l];
            for (int p = 0; p < fanIn; p++) {
                for (int c = 0; c < fanOut; c++) {
                    t[c * fanIn + p] = theta[weights + p * fanOut + c];
                }
            }
            MatrixProduct.multiply(delta, 0, fanOut, 1, t, 0, below, 0, count, fanOut, fanIn);
            double[] zBelow = w.preActivation[l - 1];
            double[] hBelow = w.activated[l - 1];
            multiplyByDerivative(below, zBelow, hBelow, count * fanIn);
            double[] swap = delta;
            delta = below;
            below = swap;
        }
        return loss;
    }

    /** Rows {@code [first, last)} of an elementwise pass. */
    @FunctionalInterface
    interface RowRange {
        void run(int first, int last);
    }

    /**
     * Entries below which an elementwise pass runs on the calling thread: a pass over fewer entries is
     * cheaper than handing half of it to a helper.
     */
    private static final int PARALLEL_ENTRIES = 1 << 14;

    /**
     * Runs {@code body} over rows {@code [0, rows)} of a {@code rows x cols} buffer, split between
     * rows over the {@link Team} when the buffer is large. Each entry is computed by one thread with
     * the same operations, so the bits do not depend on the split.
     */
    static void byRows(int rows, int cols, RowRange body) {
        if ((long) rows * cols < PARALLEL_ENTRIES || Team.threads() == 1) {
            body.run(0, rows);
            return;
        }
        int parts = Math.min(rows, 4 * Team.threads()); // small parts, claimed as threads finish, as a product's
        Team.run(parts, part -> body.run((int) ((long) rows * part / parts), (int) ((long) rows * (part + 1) / parts)));
    }

    /**
     * Sets every bias entry of {@code gradient} to +0, where the bias gradients' sums start; the
     * weight entries are overwritten by the first chunk's products.
     */
    static void clearBiases(MlpLayout layout, double[] gradient) {
        for (int l = 1; l <= layout.layers; l++) {
            Arrays.fill(gradient, layout.biasOffset[l], layout.biasOffset[l] + layout.sizes[l], 0);
        }
    }

    /** {@link #clearBiases(MlpLayout, double[])} in float32. */
    static void clearBiases(MlpLayout layout, float[] gradient) {
        for (int l = 1; l <= layout.layers; l++) {
            Arrays.fill(gradient, layout.biasOffset[l], layout.biasOffset[l] + layout.sizes[l], 0);
        }
    }

    /**
     * {@code z += b} on rows {@code [first, last)}, and {@code h = act(z)} when {@code h} is not null
     * (a hidden layer), in one pass with the activation chosen once, outside the loop, so the loop
     * stays branch-light.
     */
    private void addBiasAndActivate(double[] z, double[] h, double[] theta, int bias, int first, int last, int cols) {
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
                        double v = z[i] + theta[bias + c];
                        z[i] = v;
                        h[i] = Math.max(v, 0); // v <= 0 ? 0 : v, NaN kept, without a branch that mispredicts
                    }
                }
            }
            case TANH -> {
                for (int r = first, i = first * cols; r < last; r++) {
                    for (int c = 0; c < cols; c++, i++) {
                        double v = z[i] + theta[bias + c];
                        z[i] = v;
                        h[i] = Math.tanh(v);
                    }
                }
            }
            case SIGMOID -> {
                for (int r = first, i = first * cols; r < last; r++) {
                    for (int c = 0; c < cols; c++, i++) {
                        double v = z[i] + theta[bias + c];
                        z[i] = v;
                        h[i] = Losses.sigmoid(v);
                    }
                }
            }
            default -> throw new AssertionError(activation);
        }
    }

    /**
     * {@code g = 0 + g act'(z)} over the first {@code length} entries, from the input {@code z} and
     * the output {@code y}, as the tape's rules compute it (the {@code 0 +} is the tape's fresh buffer).
     */
    private void multiplyByDerivative(double[] g, double[] z, double[] y, int length) {
        switch (activation) {
            case RELU -> {
                Relu.backward(g, z, length);
            }
            case TANH -> {
                for (int i = 0; i < length; i++) {
                    g[i] = 0 + g[i] * (1 - y[i] * y[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < length; i++) {
                    g[i] = 0 + g[i] * (y[i] * (1 - y[i]));
                }
            }
            default -> throw new AssertionError(activation);
        }
    }

    /**
     * {@code sum} plus the task's loss terms over the chunk's outputs, and the mean loss's gradient with
     * respect to them into {@code delta}: softmax cross-entropy, binary cross-entropy from logits, or
     * the mean squared error. A weighted batch takes {@link #weightedHead}.
     */
    static double head(Task task, int k, double[] outputs, int from, int count, Batch batch, double[] delta,
                       double sum) {
        if (batch.weights() != null) {
            return weightedHead(task, k, outputs, from, count, batch, delta, sum);
        }
        int rows = batch.rows();
        switch (task) {
            case MULTICLASS -> {
                int[] labels = batch.labels();
                double loss = sum;
                double scale = 1.0 / rows;
                for (int r = 0; r < count; r++) {
                    int label = labels[from + r];
                    if (label < 0 || label >= k) {
                        throw new IllegalArgumentException("label " + label + " at row " + (from + r)
                                + " is outside [0, " + k + ")");
                    }
                    int offset = r * k;
                    double lse = Losses.logSumExp(outputs, offset, offset + k);
                    loss += lse - outputs[offset + label];
                    for (int c = 0; c < k; c++) {
                        delta[offset + c] = 0 + scale * Math.exp(outputs[offset + c] - lse);
                    }
                    delta[offset + label] -= scale;
                }
                return loss;
            }
            case BINARY -> {
                double[] y = batch.targets();
                double scale = 1.0 / ((double) rows * k);
                for (int i = 0, t = from * k; i < count * k; i++, t++) {
                    double z = outputs[i];
                    sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[t] * z;
                    delta[i] = 0 + scale * (Losses.sigmoid(z) - y[t]);
                }
                return sum;
            }
            case REGRESSION -> {
                double[] y = batch.targets();
                double scale = 2 * 1.0 / ((double) rows * k);
                for (int i = 0, t = from * k; i < count * k; i++, t++) {
                    double d = outputs[i] - y[t];
                    sum += d * d;
                    delta[i] = 0 + scale * d;
                }
                return sum;
            }
            default -> throw new AssertionError(task);
        }
    }

    /**
     * {@link #head} for a batch whose rows carry weights: each row's loss terms and output deltas times
     * its weight {@code w_r}, not yet divided by anything. The pass divides the summed loss and the whole
     * gradient by the weight sum once all the rows are in ({@link #weightedMean}), since the backward
     * pass is linear in the deltas.
     */
    static double weightedHead(Task task, int k, double[] outputs, int from, int count, Batch batch, double[] delta,
                               double sum) {
        double[] weights = batch.weights();
        switch (task) {
            case MULTICLASS -> {
                int[] labels = batch.labels();
                for (int r = 0; r < count; r++) {
                    int label = labels[from + r];
                    if (label < 0 || label >= k) {
                        throw new IllegalArgumentException("label " + label + " at row " + (from + r)
                                + " is outside [0, " + k + ")");
                    }
                    double weight = weights[from + r];
                    int offset = r * k;
                    double lse = Losses.logSumExp(outputs, offset, offset + k);
                    sum += weight * (lse - outputs[offset + label]);
                    for (int c = 0; c < k; c++) {
                        delta[offset + c] = 0 + weight * Math.exp(outputs[offset + c] - lse);
                    }
                    delta[offset + label] -= weight;
                }
                return sum;
            }
            case BINARY -> {
                double[] y = batch.targets();
                for (int i = 0, t = from * k; i < count * k; i++, t++) {
                    double weight = weights[t / k];
                    double z = outputs[i];
                    sum += weight * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[t] * z);
                    delta[i] = 0 + weight * (Losses.sigmoid(z) - y[t]);
                }
                return sum;
            }
            case REGRESSION -> {
                double[] y = batch.targets();
                for (int i = 0, t = from * k; i < count * k; i++, t++) {
                    double weight = weights[t / k];
                    double d = outputs[i] - y[t];
                    sum += weight * (d * d);
                    delta[i] = 0 + 2 * weight * d;
                }
                return sum;
            }
            default -> throw new AssertionError(task);
        }
    }
}
