package dev.descent.ml.train;

import dev.descent.BatchedObjective;
import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.ml.model.Batch;
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
 * ({@link Model#lossSums}) and divides once, as descent-spark does over the same blocks, so local
 * and distributed full-batch training give the same bits for every model.
 *
 * <p>Rows with weights make every batch's loss the weighted mean over its rows ({@link Batch}): a
 * full batch of one block is evaluated in one piece, a larger one as the weighted sums of its blocks
 * ({@link Model#lossSums}) over their weight sums, both added in block order
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
        this.gathered = shuffled && !model.readsRowsInPlace() ? new double[size * rows.columns()] : null;
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
            double[] blockGradient = blocks.size() == 1 ? null : new double[model.parameterCount()];
            return Objectives.of(model.parameterCount(), (parameters, gradientOut) -> {
                double sum = 0;
                java.util.Arrays.fill(gradientOut, 0);
                double[] part = blockGradient == null ? gradientOut : blockGradient;
                for (Batch block : blocks) {
                    java.util.Arrays.fill(part, 0);
                    sum += model.lossSums(parameters, block, part);
                    if (part != gradientOut) {
                        for (int j = 0; j < part.length; j++) {
                            gradientOut[j] += part[j];
                        }
                    }
                }
                return model.meanOfSums(sum, gradientOut, rows.rows()) + penalty.addTo(model, parameters, gradientOut);
            });
        }
        if (batches == 1 && rows.weights() != null && rows.rows() > Model.SUM_BLOCK_ROWS) {
            List<Batch> blocks = blocks();
            double[] part = new double[model.parameterCount()];
            return Objectives.of(model.parameterCount(), (parameters, gradientOut) -> {
                double sum = 0;
                double weights = 0;
                java.util.Arrays.fill(gradientOut, 0);
                for (Batch block : blocks) {
                    java.util.Arrays.fill(part, 0);
                    sum += model.lossSums(parameters, block, part);
                    weights += block.weightSum();
                    for (int j = 0; j < part.length; j++) {
                        gradientOut[j] += part[j];
                    }
                }
                return Model.meanOfWeightedSums(sum, gradientOut, weights) + penalty.addTo(model, parameters, gradientOut);
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
     * The full batch as blocks of {@link Model#SUM_BLOCK_ROWS} rows, made once: a model without a
     * fused kernel sums its loss block by block and divides once, as an engine summing the same
     * blocks elsewhere does, so both give the same bits.
     */
    private List<Batch> blocks() {
        if (fullBlocks == null) {
            List<Batch> out = new ArrayList<>();
            int n = rows.rows();
            int d = rows.columns();
            for (int from = 0; from < n; from += Model.SUM_BLOCK_ROWS) {
                int count = Math.min(Model.SUM_BLOCK_ROWS, n - from);
                out.add(count == n ? rows : new Batch(java.util.Arrays.copyOfRange(rows.features(), from * d, (from + count) * d),
                        count, d, rows.targets() == null ? null : java.util.Arrays.copyOfRange(rows.targets(), from, from + count),
                        rows.labels() == null ? null : java.util.Arrays.copyOfRange(rows.labels(), from, from + count),
                        null, rows.weights() == null ? null : java.util.Arrays.copyOfRange(rows.weights(), from,
                        from + count)));
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
