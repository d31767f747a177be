package dev.descent.spark;

import dev.descent.BatchedObjective;
import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.BlockTree;
import dev.descent.ml.model.Model;
import dev.descent.ml.train.Penalty;
import dev.descent.ml.train.RowOrder;
import dev.descent.ml.train.TrainingPlan;
import java.util.Arrays;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model's penalized mean loss over row blocks cached in Spark, as the loop's
 * {@link BatchedObjective}: each evaluation sends the parameters with its tasks, every executor computes its
 * blocks' loss and gradient sums with descent-ml's own model code ({@link Model#lossSums}), adds them
 * up the fixed tree over the block indices ({@link BlockTree}) as far as its blocks reach, and sends
 * only those nodes' sums; the driver adds the nodes up the same tree:
 *
 * <pre>
 * L(theta) = (1/m) sum_b sum_{i in b and in the batch} loss_i(theta) + penalty(theta)
 * </pre>
 *
 * <p>over the full batch ({@code m = n}) or over mini-batches of a fixed size, whose rows are those
 * local training with the same seed uses ({@link RowOrder}), not a Bernoulli sample as Spark
 * MLlib's {@code GradientDescent} takes. The tree is fixed by the number of blocks alone, not by the
 * partitions or the order results arrive in, so the value and gradient are the same bits for any
 * number of partitions or executors and any finishing order (MLlib's {@code treeAggregate} adds in
 * whatever shape the partitions give). With the blocks range-partitioned (each partition a
 * contiguous range of block indices, as {@link RowBlocks#of} and the Spark engine place them) a
 * partition sends at most {@code 2 ceil(log2 B)} vectors of {@code d + 2} numbers for {@code B}
 * blocks, so the driver receives a number of vectors that grows with the partitions, not with the
 * blocks; blocks placed otherwise give the same bits with more vectors. With blocks of
 * {@link Model#SUM_BLOCK_ROWS} rows the full-batch linear and logistic losses equal local training's
 * to the last bit (the blocks are the local pass's chunks, added by the same tree).
 * A pass that lies in one block is evaluated there in one piece when local training evaluates it so:
 * every mini-batch, and the full batch of a model that reads rows in place (a fused kernel, such as
 * Huber's, whose mean is not its block sums over the rows) or of weighted rows; so on data of one
 * block every model local training does not smooth gives its bits, and mini-batches across blocks agree to rounding.
 * As in MLlib, executors only sum; the driver owns the weights and the optimizer state.
 *
 * <p>Weighted rows (blocks with weights) make the loss the weighted mean: a full batch of one block
 * is that block's weighted mean, as local training evaluates it in one piece; a larger one the
 * blocks' weighted sums over their weight sums, both added by the {@link BlockTree}
 * ({@link Model#meanOfWeightedSums}), local training's construction, so the full batch gives its
 * bits; a mini-batch divides its blocks' sums by its weight sum. The driver keeps the training rows'
 * weights (a double per row) for each batch's weight in an accumulated update.
 */
public final class SparkObjective implements BatchedObjective {
    private final JavaSparkContext spark;
    private final RowBlocks data;
    private final ModelShape shape;
    private final Model model;
    private final Penalty penalty;
    private final int size;
    private final int batches;
    private final long seed;
    /** The training rows' weights in row order, or null for unweighted rows. */
    private final double[] rowWeights;
    private long orderEpoch = -1;
    private int[] order;

    /**
     * @param batchSize rows per batch, 0 (or at least the rows) for the full batch
     * @param seed the seed of the batches' rows, as in local training
     */
    public SparkObjective(JavaSparkContext spark, RowBlocks data, Model model, Penalty penalty, int batchSize, long seed) {
        this(spark, data, model, penalty, batchSize, seed, null);
    }

    /**
     * @param batchSize rows per batch, 0 (or at least the rows) for the full batch
     * @param seed the seed of the batches' rows, as in local training
     * @param rowWeights the weights the blocks carry, in row order, or null when they carry none
     */
    public SparkObjective(JavaSparkContext spark, RowBlocks data, Model model, Penalty penalty, int batchSize, long seed,
                          double[] rowWeights) {
        this(spark, data, model, penalty, batchSize, seed, rowWeights, Double.NaN);
    }

    /**
     * @param batchSize rows per batch, 0 (or at least the rows) for the full batch
     * @param seed the seed of the batches' rows, as in local training
     * @param rowWeights the weights the blocks carry, in row order, or null when they carry none
     * @param smoothing the scale a kinked loss is smoothed by ({@link Model#smoothed}), as local training
     *     smooths it, or NaN for {@code model}'s loss as it is
     */
    public SparkObjective(JavaSparkContext spark, RowBlocks data, Model model, Penalty penalty, int batchSize, long seed,
                          double[] rowWeights, double smoothing) {
        this.rowWeights = rowWeights;
        this.spark = Objects.requireNonNull(spark, "spark");
        this.data = Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        this.model = Double.isNaN(smoothing) ? model : model.smoothed(smoothing);
        this.shape = Double.isNaN(smoothing) ? ModelShape.of(model) : ModelShape.of(model).smoothed(smoothing);
        this.penalty = Objects.requireNonNull(penalty, "penalty");
        if (data.rows() < 1 || data.rows() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the training data has " + data.rows() + " rows");
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be at least 0 (0 is the full batch): " + batchSize);
        }
        int n = (int) data.rows();
        this.size = batchSize == 0 || batchSize >= n ? n : batchSize;
        this.batches = (n + size - 1) / size;
        this.seed = seed;
    }

    /**
     * The objective {@code model} trained by {@code plan} (its penalty, batch size and seed) makes over
     * {@code data}; train on it as a {@link dev.descent.ml.train.TrainingData} with
     * {@link dev.descent.ml.train.Trainer#fit(dev.descent.ml.train.TrainingData)} for the plan's loop,
     * stopping rules, early stopping, listeners and checkpoints.
     */
    public static SparkObjective of(JavaSparkContext spark, RowBlocks data, Model model, TrainingPlan plan) {
        return of(spark, data, model, plan, null);
    }

    /**
     * {@link #of(JavaSparkContext, RowBlocks, Model, TrainingPlan)} over blocks carrying
     * {@code rowWeights} (in row order; null when they carry none).
     */
    public static SparkObjective of(JavaSparkContext spark, RowBlocks data, Model model, TrainingPlan plan,
                                    double[] rowWeights) {
        return of(spark, data, model, plan, rowWeights, Double.NaN);
    }

    /**
     * {@link #of(JavaSparkContext, RowBlocks, Model, TrainingPlan, double[])} of {@code model}'s loss
     * smoothed by {@code smoothing} ({@link Model#smoothed}; NaN for the loss as it is), the objective
     * local training minimizes for a kinked loss ({@link dev.descent.ml.train.TrainingData#inMemory}).
     */
    public static SparkObjective of(JavaSparkContext spark, RowBlocks data, Model model, TrainingPlan plan,
                                    double[] rowWeights, double smoothing) {
        return new SparkObjective(spark, data, model, plan.penalty(), plan.batchSize(), plan.seed(), rowWeights,
                smoothing);
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
        int[] rows = batches == 1 ? null : rowsOf(epoch, batch);
        return Objectives.of(model.parameterCount(),
                (parameters, gradientOut) -> valueAndGradient(parameters, rows, gradientOut));
    }

    /**
     * The batch's row count (every batch but the last has {@code size}), or with weighted rows its
     * weight sum, added in row order as local training adds it.
     */
    @Override
    public double weight(long epoch, int batch) {
        if (rowWeights == null) {
            return Math.min(size, data.rows() - (long) batch * size);
        }
        double sum = 0;
        if (batches == 1) {
            for (double w : rowWeights) {
                sum += w;
            }
            return sum;
        }
        for (int row : rowsOf(epoch, batch)) {
            sum += rowWeights[row];
        }
        return sum;
    }

    /** The rows of batch {@code batch} of epoch {@code epoch}, in local training's order. */
    private int[] rowsOf(long epoch, int batch) {
        if (epoch != orderEpoch) {
            order = RowOrder.of(seed, (int) data.rows(), epoch);
            orderEpoch = epoch;
        }
        int from = batch * size;
        return Arrays.copyOfRange(order, from, Math.min(order.length, from + size));
    }

    /**
     * One distributed pass over the blocks (all their rows, or the batch's): the block sums reduced
     * by the {@link BlockTree} on the executors, their nodes added up the same tree on the driver.
     */
    private double valueAndGradient(double[] parameters, int[] rows, double[] gradientOut) {
        // the parameters ride in the task closure, which Spark serializes and ships once per pass like a
        // broadcast: a broadcast of its own, created and destroyed each pass, costs 4-8 ms of a 70-80 ms W7 pass
        double[] theta = parameters.clone();
        Broadcast<int[]> batchRows = rows == null ? null : spark.broadcast(rows);
        ModelShape modelShape = shape;
        int blockRows = data.blockRows();
        try {
            boolean onePiece = onePiece(rows, blockRows);
            // each partition sends its blocks' sums reduced to the maximal complete nodes of the block tree
            double[] total = data.treeReduce(() -> {
                Model built = modelShape.build();
                int[] pass = batchRows == null ? null : batchRows.value();
                return block -> blockSums(built, theta, pass, blockRows, onePiece, block);
            }, BlockTree::add);
            if (total == null) {
                throw new IllegalStateException("no block holds rows of the pass: the blocks do not cover the "
                        + data.rows() + " rows");
            }
            double loss = total[0];
            double weights = total[1];
            System.arraycopy(total, 2, gradientOut, 0, gradientOut.length);
            if (onePiece) {
                // one block's (weighted) mean and its gradient, as they are
                return loss + penalty.addTo(model, parameters, gradientOut);
            }
            if (Double.isNaN(weights)) {
                long count = rows == null ? data.rows() : rows.length;
                return model.meanOfSums(loss, gradientOut, count) + penalty.addTo(model, parameters, gradientOut);
            }
            return Model.meanOfWeightedSums(loss, gradientOut, weights) + penalty.addTo(model, parameters, gradientOut);
        } finally {
            if (batchRows != null) {
                batchRows.destroy();
            }
        }
    }

    /**
     * Whether the pass (the full batch for {@code rows} null, else the batch's rows) is evaluated in
     * one piece, its mean taken by the model on the one block that holds it, as local training takes
     * it ({@code TrainingObjective}): a mini-batch always is there, so here whenever its rows lie in
     * one block; the full batch of one block when it is weighted or the model reads rows in place
     * (a fused kernel's mean), while the others' full batch is summed by blocks there as here.
     * Otherwise the blocks' sums are added by the {@link BlockTree} and divided once.
     */
    private boolean onePiece(int[] rows, int blockRows) {
        if (rows == null) {
            return data.rows() <= blockRows && (rowWeights != null || model.readsRowsInPlace());
        }
        long block = -1;
        for (int row : rows) {
            long of = row / blockRows;
            if (block >= 0 && of != block) {
                return false;
            }
            block = of;
        }
        return true;
    }

    /**
     * On an executor: a block's {@code [loss sum, weight sum (NaN unweighted), gradient sums...]} for the
     * pass from descent-ml's model code, null when it holds none of the pass's rows; {@code batch} null
     * for all rows; the one block that holds the whole pass ({@code onePiece}) gives its (weighted) mean
     * and mean gradient instead, as local training evaluates such a pass in one piece, and the tree
     * passes it on as it is.
     */
    private static double[] blockSums(Model model, double[] theta, int[] batch, int blockRows, boolean onePiece,
                                      RowBlock block) {
        Batch rows = batch == null ? block.batch(model.task()) : rowsIn(block, batch, blockRows, model.task());
        if (rows == null) {
            return null;
        }
        double[] gradient = new double[theta.length];
        double[] leaf = new double[2 + gradient.length];
        leaf[0] = onePiece ? model.lossAndGradient(theta, rows, gradient) : model.lossSums(theta, rows, gradient);
        leaf[1] = rows.weights() != null ? rows.weightSum() : Double.NaN;
        System.arraycopy(gradient, 0, leaf, 2, gradient.length);
        return leaf;
    }


    /** The batch's rows that lie in {@code block}, in the batch's order, gathered; null when there are none. */
    private static Batch rowsIn(RowBlock block, int[] batch, int blockRows, dev.descent.ml.model.Task task) {
        long first = (long) block.index() * blockRows;
        int d = block.columns();
        int count = 0;
        for (int row : batch) {
            if (row >= first && row < first + block.rows()) {
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        double[] x = block.isSparse() ? null : new double[count * d];
        int[] local = new int[count];
        double[] targets = block.targets() == null ? null : new double[count];
        int[] labels = block.labels() == null ? null : new int[count];
        double[] weights = block.weights() == null ? null : new double[count];
        int k = 0;
        for (int row : batch) {
            if (row >= first && row < first + block.rows()) {
                int r = (int) (row - first);
                local[k] = r;
                if (x != null) {
                    System.arraycopy(block.features(), r * d, x, k * d, d);
                }
                if (targets != null) {
                    targets[k] = block.targets()[r];
                }
                if (labels != null) {
                    labels[k] = block.labels()[r];
                }
                if (weights != null) {
                    weights[k] = block.weights()[r];
                }
                k++;
            }
        }
        if (block.isSparse()) {
            return RowBlock.sparse(block.index(), block.sparse().gather(local), targets, labels, weights).batch(task);
        }
        return new RowBlock(block.index(), count, d, x, targets, labels, weights).batch(task);
    }
}
