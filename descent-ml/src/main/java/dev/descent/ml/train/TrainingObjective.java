package dev.descent.ml.train;

import dev.descent.BatchedObjective;
import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.BlockTree;
import dev.descent.ml.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's penalized mean loss on the training rows as the loop's {@link BatchedObjective}: the
 * full batch, or mini-batches of {@code batchSize} rows in an order reshuffled every epoch from the
 * seed and the epoch number (the last batch of an epoch takes the rows left over). A model with a
 * fused kernel reads a shuffled batch's rows where they lie; the others get them gathered, into
 * buffers reused from batch to batch, so a batch's objective is valid until the next call of
 * {@link #batch} (the loop evaluates each batch before it asks for the next). On the full batch a
 * model without a fused kernel sums its loss over blocks of {@link Model#SUM_BLOCK_ROWS} rows
 * ({@link Model#lossSums}), adds the blocks' sums by the fixed tree over their indices
 * ({@link BlockTree}) and divides once, as descent-spark does over the same blocks, so local and
 * distributed full-batch training give the same bits for every model.
 *
 * <p>Rows with weights make every batch's loss the weighted mean over its rows ({@link Batch}): a
 * full batch of one block is evaluated in one piece, a larger one as the weighted sums of its blocks
 * ({@link Model#lossSums}) over their weight sums, both added by the {@link BlockTree}
 * ({@link Model#meanOfWeightedSums}), as descent-spark sums the same blocks; a mini-batch carries its
 * rows' weights, and a batch's weight in an accumulated update is its weight sum instead of its row
 * count.
 */
final class TrainingObjective implements BatchedObjective {
    private final Model model;
    private final Penalty penalty;
    private final Batch rows;
    private final int size;
    private final int batches;
    private final long seed;
    private long orderEpoch = -1;
    private int[] order;
    /** Buffers of a full-size batch, reused; the last, smaller batch of an epoch gets its own. */
    private final int[] indices;
    private final double[] targets;
    private final int[] labels;
    private final double[] weights;
    private final double[] gathered;
    private List<Batch> fullBlocks;

    /**
     * @param batchSize rows per batch, 0 (or at least the number of rows) for the full batch
     */
    TrainingObjective(Model model, Penalty penalty, Batch rows, int batchSize, long seed) {
        this.model = model;
        this.penalty = penalty;
        this.rows = rows;
        int n = rows.rows();
        this.size = batchSize == 0 || batchSize >= n ? n : batchSize;
        this.batches = (n + size - 1) / size;
        this.seed = seed;
        boolean shuffled = batches > 1;
        this.indices = shuffled ? new int[size] : null;
        this.targets = shuffled && rows.targets() != null ? new double[size] : null;
        this.labels = shuffled && rows.labels() != null ? new int[size] : null;
        this.weights = shuffled && rows.weights() != null ? new double[size] : null;
        this.gathered = shuffled && !model.readsRowsInPlace() && !rows.isSparse() ? new double[size * rows.columns()] : null;
    }

    @Override
    public int dimension() {
        return model.parameterCount();
    }

    @Override
    public int batches() {
        return batches;
    }

    @Override
    public Objective batch(long epoch, int batch) {
        if (batches == 1 && !model.readsRowsInPlace() && rows.weights() == null) {
            List<Batch> blocks = blocks();
            if (blocks.size() == 1) {
                return Objectives.of(model.parameterCount(), (parameters, gradientOut) -> {
                    java.util.Arrays.fill(gradientOut, 0);
                    double sum = model.lossSums(parameters, blocks.get(0), gradientOut);
                    return model.meanOfSums(sum, gradientOut, rows.rows()) + penalty.addTo(model, parameters, gradientOut);
                });
            }
            java.util.ArrayDeque<double[]> buffers = new java.util.ArrayDeque<>();
            return Objectives.of(model.parameterCount(), (parameters, gradientOut) -> {
                double[] losses = new double[blocks.size()];
                blockSums(parameters, blocks, losses, null, gradientOut, buffers);
                return model.meanOfSums(BlockTree.sum(losses), gradientOut, rows.rows())
                        + penalty.addTo(model, parameters, gradientOut);
            });
        }
        if (batches == 1 && rows.weights() != null && rows.rows() > Model.SUM_BLOCK_ROWS) {
            List<Batch> blocks = blocks();
            java.util.ArrayDeque<double[]> buffers = new java.util.ArrayDeque<>();
            return Objectives.of(model.parameterCount(), (parameters, gradientOut) -> {
                double[] losses = new double[blocks.size()];
                double[] weights = new double[blocks.size()];
                blockSums(parameters, blocks, losses, weights, gradientOut, buffers);
                return Model.meanOfWeightedSums(BlockTree.sum(losses), gradientOut, BlockTree.sum(weights))
                        + penalty.addTo(model, parameters, gradientOut);
            });
        }
        Batch data = batches == 1 ? rows : rowsOf(epoch, batch);
        return new Objective() {
            @Override
            public int dimension() {
                return model.parameterCount();
            }

            @Override
            public double valueAndGradient(double[] parameters, double[] gradientOut) {
                return Loss.valueAndGradient(model, penalty, parameters, data, gradientOut);
            }

            @Override
            public double valueAndGradient(float[] parameters, float[] gradientOut) {
                return Loss.valueAndGradient(model, penalty, parameters, data, gradientOut);
            }
        };
    }

    /** A float32 model's batches compute in float32, from the float32 parameters a float32 rule steps. */
    @Override
    public boolean float32() {
        return model.precision() == dev.descent.ml.model.Precision.FLOAT32;
    }

    /**
     * The batch's row count (every batch but the last has the batch size), or with weighted rows its
     * weight sum, so that accumulated batches give the weighted mean of their rows as one batch.
     */
    @Override
    public double weight(long epoch, int batch) {
        if (rows.weights() == null) {
            return batches == 1 ? rows.rows() : Math.min(size, rows.rows() - batch * size);
        }
        if (batches == 1) {
            return rows.weightSum();
        }
        ensureOrder(epoch);
        double sum = 0;
        for (int k = batch * size, end = Math.min(rows.rows(), k + size); k < end; k++) {
            sum += rows.weights()[order[k]];
        }
        return sum;
    }

    private void ensureOrder(long epoch) {
        if (epoch != orderEpoch) {
            order = RowOrder.of(seed, rows.rows(), epoch);
            orderEpoch = epoch;
        }
    }

    /**
     * The blocks' sums ({@link Model#lossSums}) added by the {@link BlockTree} over the block indices,
     * as an engine summing the same blocks elsewhere adds them: block k's loss sum into
     * {@code losses[k]}, its weight sum into {@code weights[k]} (when not null), and the gradient sums'
     * total into {@code gradientOut} (as it is, as an engine's driver takes it). The
     * gradients stream through the tree, a buffer freed by each addition serving a later block, so at
     * most {@code 2 log2(blocks) + 2} gradients are held; the buffers stay in {@code free} for the
     * next evaluation.
     */
    private void blockSums(double[] parameters, List<Batch> blocks, double[] losses, double[] weights,
                           double[] gradientOut, java.util.ArrayDeque<double[]> free) {
        BlockTree.Accumulator<double[]> gradients = new BlockTree.Accumulator<>(blocks.size(), 0, (left, right) -> {
            BlockTree.add(left, right);
            free.push(right);
            return left;
        });
        for (int k = 0; k < blocks.size(); k++) {
            Batch block = blocks.get(k);
            double[] part = free.isEmpty() ? new double[model.parameterCount()] : free.pop();
            java.util.Arrays.fill(part, 0);
            losses[k] = model.lossSums(parameters, block, part);
            if (weights != null) {
                weights[k] = block.weightSum();
            }
            gradients.push(part);
        }
        double[] total = gradients.total();
        System.arraycopy(total, 0, gradientOut, 0, gradientOut.length);
        free.push(total);
    }

    /**
     * The full batch as blocks of {@link Model#SUM_BLOCK_ROWS} rows, made once: a model without a
     * fused kernel sums its loss block by block, adds the blocks by the {@link BlockTree} and divides
     * once, as an engine summing the same blocks elsewhere does, so both give the same bits.
     */
    private List<Batch> blocks() {
        if (fullBlocks == null) {
            List<Batch> out = new ArrayList<>();
            int n = rows.rows();
            int d = rows.columns();
            for (int from = 0; from < n; from += Model.SUM_BLOCK_ROWS) {
                int count = Math.min(Model.SUM_BLOCK_ROWS, n - from);
                double[] targets = rows.targets() == null ? null : java.util.Arrays.copyOfRange(rows.targets(), from, from + count);
                int[] labels = rows.labels() == null ? null : java.util.Arrays.copyOfRange(rows.labels(), from, from + count);
                double[] weights = rows.weights() == null ? null : java.util.Arrays.copyOfRange(rows.weights(), from, from + count);
                out.add(count == n ? rows : rows.isSparse()
                        ? Batch.sparse(rows.sparse().slice(from, from + count), targets, labels, null, weights)
                        : new Batch(java.util.Arrays.copyOfRange(rows.features(), from * d, (from + count) * d), count, d,
                        targets, labels, null, weights));
            }
            fullBlocks = List.copyOf(out);
        }
        return fullBlocks;
    }

    /** Batch {@code batch} of epoch {@code epoch}: its rows in the epoch's shuffled order. */
    private Batch rowsOf(long epoch, int batch) {
        ensureOrder(epoch);
        int n = rows.rows();
        int d = rows.columns();
        int from = batch * size;
        int count = Math.min(size, n - from);
        boolean full = count == size;
        double[] targets = rows.targets() == null ? null : full ? this.targets : new double[count];
        int[] labels = rows.labels() == null ? null : full ? this.labels : new int[count];
        double[] weights = rows.weights() == null ? null : full ? this.weights : new double[count];
        int[] indices = full ? this.indices : new int[count];
        for (int k = 0; k < count; k++) {
            int row = order[from + k];
            indices[k] = row;
            if (weights != null) {
                weights[k] = rows.weights()[row];
            }
            if (targets != null) {
                targets[k] = rows.targets()[row];
            }
            if (labels != null) {
                labels[k] = rows.labels()[row];
            }
        }
        if (rows.isSparse()) {
            // a fused kernel reads the rows in place; the others gather them (and make them dense themselves)
            return model.readsRowsInPlace() ? Batch.sparse(rows.sparse(), targets, labels, indices, weights)
                    : Batch.sparse(rows.sparse().gather(indices), targets, labels, null, weights);
        }
        if (model.readsRowsInPlace()) {
            return new Batch(rows.features(), count, d, targets, labels, indices, weights);
        }
        double[] features = full ? gathered : new double[count * d];
        for (int k = 0; k < count; k++) {
            System.arraycopy(rows.features(), indices[k] * d, features, k * d, d);
        }
        return new Batch(features, count, d, targets, labels, null, weights);
    }
}
