package dev.descent.spark;

import dev.descent.BatchedObjective;
import dev.descent.Objective;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;
import dev.descent.ml.train.Penalty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model's penalized mean loss over row blocks cached in Spark, as the loop's full-batch
 * {@link BatchedObjective}: each evaluation broadcasts the parameters, every executor computes each
 * of its blocks' loss sum and gradient sum with descent-ml's own model code, and the driver adds the
 * block sums in block order:
 *
 * <pre>
 * L(theta) = (1/n) sum_b sum_{i in b} loss_i(theta) + penalty(theta)
 * grad L   = (1/n) sum_b sum_{i in b} grad loss_i(theta) + grad penalty(theta)
 * </pre>
 *
 * <p>Summing fixed blocks in their order, not partition results in arrival order, makes the value
 * and gradient the same bits for any number of partitions or executors and any finishing order.
 * (Spark MLlib's {@code treeAggregate} adds in whatever shape the partitions give.) With blocks of
 * {@link Model#SUM_BLOCK_ROWS} rows the linear and logistic losses equal local training's to the
 * last bit (the blocks are the local pass's chunks); other models agree to rounding. Reference for the split of work: Spark MLlib's {@code GradientDescent}, whose
 * executors only sum gradients while the driver owns the weights and the optimizer state.
 */
public final class SparkObjective implements BatchedObjective {
    private final JavaSparkContext spark;
    private final JavaRDD<RowBlock> blocks;
    private final ModelShape shape;
    private final Model model;
    private final Penalty penalty;
    private final long rows;

    /**
     * @param blocks the training rows as cached blocks (see {@link RowBlocks})
     * @param rows the number of rows in all the blocks
     */
    public SparkObjective(JavaSparkContext spark, JavaRDD<RowBlock> blocks, long rows, Model model, Penalty penalty) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.blocks = Objects.requireNonNull(blocks, "blocks");
        this.model = Objects.requireNonNull(model, "model");
        this.shape = ModelShape.of(model);
        this.penalty = Objects.requireNonNull(penalty, "penalty");
        if (rows < 1) {
            throw new IllegalArgumentException("the training data has no rows");
        }
        this.rows = rows;
    }

    /**
     * The objective a trainer's model and penalty make over {@code blocks}; train on it with
     * {@link dev.descent.ml.train.Trainer#fit(BatchedObjective, dev.descent.ml.data.Dataset)} for the
     * trainer's loop, stopping rules, early stopping, listeners and checkpoints.
     */
    public static SparkObjective of(JavaSparkContext spark, JavaRDD<RowBlock> blocks, long rows,
                                    dev.descent.ml.train.Trainer trainer) {
        return new SparkObjective(spark, blocks, rows, trainer.model(), trainer.penalty());
    }

    @Override
    public int dimension() {
        return model.parameterCount();
    }

    @Override
    public int batches() {
        return 1;
    }

    @Override
    public Objective batch(long epoch, int batch) {
        return new Objective() {
            @Override
            public int dimension() {
                return model.parameterCount();
            }

            @Override
            public double valueAndGradient(double[] parameters, double[] gradientOut) {
                return SparkObjective.this.valueAndGradient(parameters, gradientOut);
            }
        };
    }

    /** One distributed pass: the blocks' sums, added in block order on the driver. */
    double valueAndGradient(double[] parameters, double[] gradientOut) {
        Broadcast<double[]> theta = spark.broadcast(parameters.clone());
        ModelShape modelShape = shape;
        try {
            List<double[]> sums = new ArrayList<>(blocks.mapPartitions(
                    (Iterator<RowBlock> part) -> blockSums(modelShape, theta.value(), part)).collect());
            sums.sort(Comparator.comparingDouble(s -> s[0]));
            int p = parameters.length;
            double loss = 0;
            java.util.Arrays.fill(gradientOut, 0);
            for (double[] sum : sums) {
                loss += sum[1];
                for (int j = 0; j < p; j++) {
                    gradientOut[j] += sum[2 + j];
                }
            }
            return model.meanOfSums(loss, gradientOut, rows) + penalty.addTo(model, parameters, gradientOut);
        } finally {
            theta.destroy();
        }
    }

    /**
     * On an executor: for each block {@code [index, loss sum, gradient sums...]}, from descent-ml's
     * model code ({@link Model#lossSums}).
     */
    private static Iterator<double[]> blockSums(ModelShape shape, double[] theta, Iterator<RowBlock> part) {
        Model model = shape.build();
        List<double[]> out = new ArrayList<>();
        while (part.hasNext()) {
            RowBlock block = part.next();
            double[] gradient = new double[theta.length];
            double loss = model.lossSums(theta,
                    new Batch(block.features(), block.rows(), block.columns(), block.targets(), block.labels()), gradient);
            double[] sums = new double[2 + gradient.length];
            sums[0] = block.index();
            sums[1] = loss;
            System.arraycopy(gradient, 0, sums, 2, gradient.length);
            out.add(sums);
        }
        return out.iterator();
    }
}
