package dev.descent.ml.model;

import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import java.util.List;

/**
 * The shared shape of the linear, logistic and softmax models: outputs {@code X W + b} with
 * {@code W} a {@code d x k} matrix and {@code b} a vector of k, the parameters laid out as
 * {@code [W row-major, b]}. They differ only in their task (so in their loss); the convex losses
 * start from zeros, as scikit-learn's solvers do.
 */
abstract class AffineModel implements Model {
    private final int inputs;
    private final int outputs;

    AffineModel(int inputs, int outputs) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("a model needs at least one input and one output: " + inputs + ", " + outputs);
        }
        this.inputs = inputs;
        this.outputs = outputs;
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public int parameterCount() {
        return inputs * outputs + outputs;
    }

    @Override
    public double[] initialParameters(long seed) {
        return new double[parameterCount()];
    }

    @Override
    public boolean isWeight(int index) {
        return index < inputs * outputs;
    }

    /** {@code W} is {@code inputs x outputs} row-major: the weight at {@code index} multiplies input {@code index / outputs}. */
    @Override
    public int inputOf(int index) {
        return index < inputs * outputs ? index / outputs : -1;
    }

    @Override
    public Tensor forward(Tensor parameters, Tensor features) {
        Tensor weights = parameters.slice(0, inputs * outputs).reshape(inputs, outputs);
        Tensor bias = parameters.slice(inputs * outputs, parameterCount());
        return features.matmul(weights).add(bias);
    }

    /**
     * For one output (linear and logistic regression): value and gradient in one fused pass over the
     * features ({@link GeneralizedLinearLoss}), a shuffled batch's rows read in place. A weighted
     * batch takes the fused pass's weighted variant ({@code GeneralizedLinearLoss.weightedLoss}),
     * which leaves the unweighted kernel's work as it was.
     */
    @Override
    public Tensor trainingLoss(Tensor parameters, Tape tape, Batch batch) {
        if (outputs != 1) {
            return Model.super.trainingLoss(parameters, tape, batch.densified());
        }
        if (batch.isSparse()) {
            return GeneralizedLinearLoss.sparseLoss(parameters, batch.sparse(), batch.rowIndices(), batch.targets(),
                    batch.weights(), kind());
        }
        if (batch.weights() != null) {
            return GeneralizedLinearLoss.weightedLoss(parameters, batch.features(), batch.matrixRows(), batch.columns(),
                    batch.rowIndices(), batch.targets(), batch.weights(), kind());
        }
        return GeneralizedLinearLoss.loss(parameters, batch.features(), batch.matrixRows(), batch.columns(), batch.rowIndices(),
                batch.targets(), kind());
    }

    /** One output: the fused pass's exact unscaled sums (an unweighted, unindexed batch of at most SUM_BLOCK_ROWS rows). */
    @Override
    public double lossSums(double[] parameters, Batch batch, double[] gradientSums) {
        if (outputs == 1 && batch.isSparse() && batch.rowIndices() == null && batch.rows() <= SUM_BLOCK_ROWS) {
            return GeneralizedLinearLoss.sparseBlockSums(batch.sparse(), parameters, batch.targets(), batch.weights(), kind(),
                    gradientSums);
        }
        if (outputs != 1 || batch.rowIndices() != null || batch.rows() > SUM_BLOCK_ROWS || batch.weights() != null) {
            return Model.super.lossSums(parameters, batch, gradientSums);
        }
        return GeneralizedLinearLoss.blockSums(batch.features(), batch.rows(), batch.columns(), parameters, batch.targets(),
                kind(), gradientSums);
    }

    @Override
    public double meanOfSums(double lossSum, double[] gradientSums, long rows) {
        return outputs != 1 ? Model.super.meanOfSums(lossSum, gradientSums, rows)
                : GeneralizedLinearLoss.mean(lossSum, gradientSums, rows, kind());
    }

    /** Sparse rows by their nonzeros: {@code z_ic = sum_k v_k W_{j_k c} + b_c}; dense rows as {@link Model#outputs}. */
    @Override
    public double[] outputs(double[] parameters, Batch batch) {
        if (!batch.isSparse()) {
            return Model.super.outputs(parameters, batch);
        }
        SparseRows x = batch.sparse();
        int[] starts = x.starts();
        int[] indices = x.indices();
        double[] values = x.values();
        int k = outputs;
        double[] out = new double[batch.rows() * k];
        for (int i = 0; i < batch.rows(); i++) {
            int row = batch.rowIndices() == null ? i : batch.rowIndices()[i];
            for (int c = 0; c < k; c++) {
                double z = 0;
                for (int a = starts[row]; a < starts[row + 1]; a++) {
                    z = Math.fma(values[a], parameters[indices[a] * k + c], z);
                }
                out[i * k + c] = z + parameters[inputs * k + c];
            }
        }
        return out;
    }

    /** The loss of the linear predictor: the task's (squared error, logistic) unless a model says otherwise. */
    GeneralizedLinearLoss.Kind kind() {
        return task() == Task.BINARY ? GeneralizedLinearLoss.Kind.LOGISTIC : GeneralizedLinearLoss.Kind.SQUARED_ERROR;
    }

    /** One output: the fused kernel reads sparse rows by their nonzeros. */
    @Override
    public boolean readsSparseRows() {
        return outputs == 1;
    }

    /** One output: the fused kernel reads the rows of a shuffled batch where they lie. */
    @Override
    public boolean readsRowsInPlace() {
        return outputs == 1;
    }

    @Override
    public List<Integer> layerSizes() {
        return List.of(inputs, outputs);
    }
}
