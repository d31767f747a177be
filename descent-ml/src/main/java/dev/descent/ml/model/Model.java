package dev.descent.ml.model;

import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import java.util.List;

/**
 * A differentiable model with its parameters in one flat vector, so every core optimizer trains
 * it. The loss is written with autodiff operations; its gradient comes from backpropagation.
 *
 * <p>Implementations: {@link LinearModel} (regression), {@link LogisticModel} (two classes),
 * {@link SoftmaxModel} (k classes), {@link Mlp} (hidden layers, any task).
 */
public interface Model {

    /**
     * Rows per block for engines that split the rows across machines ({@link #lossSums}): blocks cut
     * at multiples of this size and added by the {@link BlockTree} over their indices give a fused
     * loss's local mean to the last bit, since local code adds its chunks of this size by the same tree.
     */
    int SUM_BLOCK_ROWS = 16_384;

    /** The spec this model is built from: its kind, hidden widths and activation. */
    ModelSpec spec();

    /** A short description, the spec as text: {@code "linear"}, {@code "mlp:64,32:relu"}. */
    default String describe() {
        return spec().toString();
    }

    /** What it predicts. */
    Task task();

    /**
     * Whether a classifier's outputs are logits of probabilities (logistic, softmax, networks), so that
     * it reports probabilities, log-loss and probability rankings; false for the linear SVM, whose
     * output is a decision value (its sign the class) and which has none.
     */
    default boolean probabilistic() {
        return task() != Task.REGRESSION;
    }

    /**
     * A regression model's prediction from its output (the inverse link): the output itself, or
     * {@code exp} of it for Poisson regression's log link.
     */
    default double prediction(double output) {
        return output;
    }

    /**
     * The model whose loss the optimizer minimizes on its way to this one's optimum: this model for a
     * smooth loss; for the hinge and pinball losses, whose kinks no gradient method reaches exactly, the
     * same model with each kink smoothed over {@code width} times {@code scale} ({@code scale} the
     * targets' spread for the pinball loss, 1 for the hinge), whose optimum is then made exact by
     * {@link PiecewiseLinearSolve}.
     */
    default Model smoothed(double scale) {
        return this;
    }

    /** Whether the loss has kinks that the trainer solves exactly after the smoothed run ({@link #smoothed}). */
    default boolean piecewiseLinear() {
        return piecewiseKind() != null;
    }

    /** The kinked loss {@link PiecewiseLinearSolve} solves for this model, or null for a smooth one. */
    default PiecewiseLinearSolve.Kind piecewiseKind() {
        return null;
    }

    /** The quantile of a pinball loss ({@link #piecewiseKind()}); NaN otherwise. */
    default double piecewiseQuantile() {
        return Double.NaN;
    }

    /**
     * The indices of the intercepts, which {@code --no-intercept} keeps at 0: the biases, but for a
     * model with another parameter that is not a weight (Huber's scale).
     */
    default int[] interceptIndices() {
        return biasIndices();
    }

    /**
     * Bounds the parameters must keep to while training (Huber's scale stays positive), or null.
     */
    default dev.descent.Bounds parameterBounds() {
        return null;
    }

    /** The number of features it reads. */
    int inputs();

    /** The number of outputs: 1 for regression and binary, k for k classes. */
    int outputs();

    /** The length of the parameter vector. */
    int parameterCount();

    /** The precision its training passes compute in: float64 but for an MLP asked for float32. */
    default Precision precision() {
        return Precision.FLOAT64;
    }

    /** The starting parameters, seeded (zeros for the convex models, Glorot or He for an MLP). */
    double[] initialParameters(long seed);

    /** Which parameters are weights (penalized by L1/L2) rather than biases. */
    boolean isWeight(int index);

    /**
     * The input feature that the parameter at {@code index} multiplies, for the weights of the first
     * layer (a linear model's coefficients); -1 for a bias or a deeper layer's weight. A penalty on
     * the weights of the features as given divides by the feature's scale through it.
     */
    default int inputOf(int index) {
        return -1;
    }

    /**
     * The indices of the biases (the parameters that are not weights), in order: the group that
     * training commonly leaves out of weight decay ({@link dev.descent.optim.ParameterGroups}).
     */
    default int[] biasIndices() {
        return java.util.stream.IntStream.range(0, parameterCount()).filter(i -> !isWeight(i)).toArray();
    }

    /**
     * The raw outputs for a batch: a {@code rows x outputs} matrix (predictions, logits).
     *
     * @param parameters the parameter vector on the tape
     */
    Tensor forward(Tensor parameters, Tensor features);

    /**
     * The mean data loss of the outputs against the batch's targets or labels; for a batch whose rows
     * carry weights, the weighted mean {@code sum_r w_r loss_r / sum_r w_r} ({@code WeightedLosses}).
     */
    default Tensor loss(Tensor outputs, Batch batch) {
        if (batch.weights() != null) {
            return WeightedLosses.loss(task(), outputs, batch);
        }
        return switch (task()) {
            case REGRESSION -> dev.descent.autodiff.Losses.meanSquaredError(outputs,
                    outputs.tape().constantView(batch.targets(), outputs.rows(), outputs.cols()));
            case BINARY -> dev.descent.autodiff.Losses.binaryCrossEntropyWithLogits(outputs, batch.targets());
            case MULTICLASS -> dev.descent.autodiff.Losses.softmaxCrossEntropy(outputs, batch.labels());
        };
    }

    /**
     * The mean data loss of the parameters on a batch (weighted mean for weighted rows), on
     * {@code tape}. The default composes {@link #forward} and {@link #loss}; models with a fused
     * kernel override it, and take this default for weighted batches.
     */
    default Tensor trainingLoss(Tensor parameters, Tape tape, Batch batch) {
        return loss(forward(parameters, features(tape, batch)), batch);
    }

    /**
     * Whether {@link #trainingLoss} reads an indexed batch's rows in place (a fused kernel), so the
     * trainer hands it shuffled mini-batches as row indices instead of gathering them into a copy.
     */
    default boolean readsRowsInPlace() {
        return false;
    }

    /**
     * Whether its loss reads sparse rows by their nonzeros ({@link Batch#sparse()}: the fused one-output
     * linear losses); the others make a sparse batch dense ({@link Batch#densified()}).
     */
    default boolean readsSparseRows() {
        return false;
    }

    /**
     * The data loss summed over a batch's rows (not their mean), with its gradient sums, for an engine
     * that sums blocks of rows on several machines and divides once ({@link #meanOfSums}). The
     * default is the mean times the rows; the fused linear losses give their exact unscaled sums, so
     * blocks of {@link #SUM_BLOCK_ROWS} rows added by the {@link BlockTree} equal the local mean bit for bit. For a
     * weighted batch the sums are {@code sum_r w_r loss_r} and its gradient: the weighted mean times
     * the batch's weight sum (the fused overrides leave weighted batches to this default).
     *
     * @param parameters not modified
     * @param gradientSums zeros on entry; receives the gradient sums
     */
    default double lossSums(double[] parameters, Batch batch, double[] gradientSums) {
        double loss = lossAndGradient(parameters, batch, gradientSums);
        if (batch.weights() != null) {
            double total = batch.weightSum();
            for (int j = 0; j < gradientSums.length; j++) {
                gradientSums[j] *= total;
            }
            return loss * total;
        }
        for (int j = 0; j < gradientSums.length; j++) {
            gradientSums[j] *= batch.rows();
        }
        return loss * batch.rows();
    }

    /**
     * The mean data loss of the parameters on a batch (weighted mean for weighted rows), and its
     * gradient: the one entry point of a training step. The default records {@link #trainingLoss} on a
     * tape and walks it back; the MLP runs one fused pass over buffers it keeps (in float64 with the
     * tape's bits), and leaves weighted batches to this default.
     *
     * @param parameters not modified
     * @param gradient receives the gradient, overwritten
     */
    default double lossAndGradient(double[] parameters, Batch batch, double[] gradient) {
        Tape tape = new Tape();
        Tensor theta = tape.variable(parameters);
        Tensor loss = trainingLoss(theta, tape, batch);
        tape.backward(loss);
        System.arraycopy(theta.gradient(), 0, gradient, 0, gradient.length);
        return loss.item();
    }

    /**
     * {@link #lossAndGradient(double[], Batch, double[])} at float32 parameters, for a float32 model
     * ({@link #precision()}) whose rule steps float32 parameters: the float32 MLP reads them and
     * writes its float32 gradient where they lie. The default widens the parameters, takes the
     * float64 pass and rounds its gradient.
     *
     * @param parameters not modified
     * @param gradient receives the gradient, overwritten
     */
    default double lossAndGradient(float[] parameters, Batch batch, float[] gradient) {
        double[] wide = new double[parameters.length];
        for (int j = 0; j < wide.length; j++) {
            wide[j] = parameters[j];
        }
        double[] out = new double[gradient.length];
        double loss = lossAndGradient(wide, batch, out);
        for (int j = 0; j < out.length; j++) {
            gradient[j] = (float) out[j];
        }
        return loss;
    }

    /**
     * The mean data loss over {@code rows} rows from the sums of {@link #lossSums} added by the
     * {@link BlockTree} over the block indices; turns {@code gradientSums} into the mean's gradient in place. For unweighted rows only:
     * weighted sums are divided by their weight sum, and the fused overrides scale their sums as
     * their own kernels left them.
     */
    default double meanOfSums(double lossSum, double[] gradientSums, long rows) {
        double scale = 1.0 / rows;
        for (int j = 0; j < gradientSums.length; j++) {
            gradientSums[j] *= scale;
        }
        return lossSum * scale;
    }

    /**
     * The weighted mean of weighted block sums ({@link #lossSums} of weighted blocks added by the
     * {@link BlockTree} over the block indices): each sum times {@code 1 / weightSum}, {@code weightSum}
     * the blocks' weight sums added by the same tree. Local training and descent-spark divide weighted full batches of more than one
     * block with it, so both give the same bits.
     */
    static double meanOfWeightedSums(double lossSum, double[] gradientSums, double weightSum) {
        double scale = 1.0 / weightSum;
        for (int j = 0; j < gradientSums.length; j++) {
            gradientSums[j] *= scale;
        }
        return lossSum * scale;
    }

    /**
     * The raw outputs ({@link #forward}) for a batch's rows, {@code rows x outputs} row-major, without a
     * tape: what scoring reads. A linear model reads sparse rows by their nonzeros; the default makes
     * them dense.
     */
    default double[] outputs(double[] parameters, Batch batch) {
        Tape tape = new Tape();
        return forward(tape.constant(parameters), features(tape, batch)).values();
    }

    /** Layer sizes and options, for saving: {@code inputs, hidden..., outputs}. */
    List<Integer> layerSizes();

    /** The tape-level helper: a batch's rows as a constant matrix (gathered when the batch is indexed). */
    static Tensor features(Tape tape, Batch batch) {
        return tape.constantView(batch.gathered(), batch.rows(), batch.columns());
    }
}
