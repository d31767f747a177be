package dev.descent.spark;

import static dev.descent.spark.SparkObjectiveTest.assertSameBits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.Penalty;
import dev.descent.ml.train.Tally;
import dev.descent.ml.train.Trainer;
import dev.descent.ml.train.TrainingData;
import dev.descent.ml.train.TrainingPlan;
import dev.descent.optim.Lbfgs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gradient sum on Spark combined in the fixed block tree: the bytes the driver receives per pass,
 * as Spark counts them (each task's serialized result, {@code TaskMetrics.resultSize}), grow with the
 * partitions and not with the blocks; and the value, gradient and tallies are the same bits for 1, 2,
 * 3 and 5 partitions and equal local training's on data of six blocks of 16,384 rows, where adding
 * the blocks in order would give other bits.
 */
class SparkBlockTreeTest {
    static JavaSparkContext spark;
    /** Every finished task's result size, as the driver received it. */
    static final AtomicLong RESULT_BYTES = new AtomicLong();
    static final AtomicLong TASKS = new AtomicLong();
    /** Six blocks of 16,384 rows (the last one short): 95,000 rows of 8 features. */
    static Dataset sixBlocks;
    static Dataset sixBlocksRegression;

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("descent-block-tree-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        spark.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    RESULT_BYTES.addAndGet(end.taskMetrics().resultSize());
                    TASKS.incrementAndGet();
                }
            }
        });
        SplittableRandom random = new SplittableRandom(29);
        int n = 95_000;
        int d = 8;
        double[] x = random.doubles((long) n * d, -1, 1).toArray();
        double[] y = new double[n];
        double[] targets = new double[n];
        int[] labels = new int[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            double z = 0.2;
            for (int j = 0; j < d; j++) {
                z += x[i * d + j] * (j % 3 - 1) * 0.7;
            }
            labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            y[i] = labels[i];
            // a heavy tail, so Huber's outliers count
            targets[i] = z + (random.nextDouble() < 0.05 ? 20 : 0.3) * random.nextGaussian();
            weights[i] = 0.25 + random.nextDouble();
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        sixBlocks = new Dataset("six blocks", names, "y", x, y, List.of("0", "1"), labels);
        sixBlocksRegression = new Dataset("six blocks, regression", names, "t", x, targets, List.of(), null);
        weightedSixBlocks = new Dataset("six blocks, weighted", names, "y", x, y, List.of("0", "1"), labels, weights);
    }

    static Dataset weightedSixBlocks;

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Waits until the listener has seen every finished task. */
    static void drain() {
        try {
            spark.sc().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The driver's received bytes (and tasks) of one full-batch pass after a warm-up pass. */
    static long[] bytesOfOnePass(Dataset data, int blockRows, int partitions) {
        Model model = ModelSpec.linear().build(data.columns(), 0);
        RowBlocks blocks = RowBlocks.of(spark, data, model, blockRows, partitions);
        try {
            SparkObjective objective = new SparkObjective(spark, blocks, model, new Penalty(0, 0), 0, 0);
            double[] theta = new double[model.parameterCount()];
            double[] gradient = new double[theta.length];
            objective.batch(0, 0).valueAndGradient(theta, gradient);
            drain();
            long bytes = RESULT_BYTES.get();
            long tasks = TASKS.get();
            objective.batch(0, 0).valueAndGradient(theta, gradient);
            drain();
            return new long[] {RESULT_BYTES.get() - bytes, TASKS.get() - tasks};
        } finally {
            blocks.unpersist();
        }
    }

    /** The bytes of a job that sends one dense vector per block, as the pass did before the tree. */
    static long bytesOfOneVectorPerBlock(Dataset data, int blockRows, int partitions) {
        Model model = ModelSpec.linear().build(data.columns(), 0);
        RowBlocks blocks = RowBlocks.of(spark, data, model, blockRows, partitions);
        try {
            int length = 3 + model.parameterCount();
            blocks.blocks().count();
            drain();
            long bytes = RESULT_BYTES.get();
            blocks.blocks().map(b -> new double[length]).collect();
            drain();
            return RESULT_BYTES.get() - bytes;
        } finally {
            blocks.unpersist();
        }
    }

    /** {@code rows} rows of {@code d} features with a linear target. */
    static Dataset wide(int rows, int d) {
        SplittableRandom random = new SplittableRandom(rows);
        double[] x = random.doubles((long) rows * d, -1, 1).toArray();
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = x[i * d] - 0.5 * x[i * d + 1] + 0.1 * random.nextGaussian();
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return new Dataset("wide", names, "y", x, y, List.of(), null);
    }

    @Test
    void theDriverReceivesBytesThatGrowWithThePartitionsNotWithTheBlocks() {
        int d = 1000;
        int blockRows = 8;
        long vector = 8L * (d + 3);
        long[] blocks64 = bytesOfOnePass(wide(64 * blockRows, d), blockRows, 2);
        long[] blocks8 = bytesOfOnePass(wide(8 * blockRows, d), blockRows, 2);
        long[] blocks64On5 = bytesOfOnePass(wide(64 * blockRows, d), blockRows, 5);
        long perBlock = bytesOfOneVectorPerBlock(wide(64 * blockRows, d), blockRows, 2);
        System.out.printf(java.util.Locale.ROOT, "driver bytes per pass, d = %d (a vector %d bytes): 64 blocks on 2 "
                + "partitions %d (%d tasks), 8 blocks on 2 partitions %d, 64 blocks on 5 partitions %d (%d tasks); "
                + "one vector per block, 64 blocks on 2 partitions: %d%n", d, vector, blocks64[0], blocks64[1],
                blocks8[0], blocks64On5[0], blocks64On5[1], perBlock);
        assertThat(blocks64[1]).isEqualTo(2);
        // 64 blocks on 2 partitions: one node a partition, two vectors and the tasks' metrics
        assertThat(blocks64[0]).isLessThan(4 * vector);
        assertThat(perBlock).isGreaterThan(64 * vector);
        assertThat(blocks64[0] * 10).isLessThan(perBlock);
        // the same bytes as 8 blocks on 2 partitions, to within the metrics' few varying bytes
        assertThat((double) Math.abs(blocks64[0] - blocks8[0])).isLessThan(0.05 * blocks8[0]);
        // more partitions, more bytes: ranges of 12 or 13 blocks send 2 to 5 nodes each (18 in all), within
        // the bound of 2 ceil(log2 64) = 12 a partition
        assertThat(blocks64On5[0]).isGreaterThan(blocks64[0]);
        assertThat(blocks64On5[0]).isLessThan(5 * 2 * 6 * vector);
    }

    /** Local training's full-batch value and gradient at {@code theta}. */
    static double local(Model model, TrainingPlan plan, Dataset data, double[] theta, double[] gradient) {
        return TrainingData.inMemory(model, plan, data, null).objective().batch(0, 0).valueAndGradient(theta, gradient);
    }

    static double[] theta(Model model) {
        double[] theta = new double[model.parameterCount()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.05 * (i % 7) - 0.1;
        }
        if (model instanceof dev.descent.ml.model.HuberModel huber) {
            theta[huber.scaleIndex()] = 0.8;
        }
        return theta;
    }

    @Test
    void theFullBatchIsLocalTrainingsBitsOnAnyNumberOfPartitions() {
        Object[][] cases = {
            {ModelSpec.logistic(), sixBlocks, 2},
            {ModelSpec.linear(), sixBlocksRegression, 0},
            {ModelSpec.parse("huber"), sixBlocksRegression, 0},
            {ModelSpec.parse("mlp:5:tanh"), sixBlocks, 2},
            {ModelSpec.logistic(), weightedSixBlocks, 2},
        };
        for (Object[] c : cases) {
            Dataset data = (Dataset) c[1];
            Model model = ((ModelSpec) c[0]).build(data.columns(), (Integer) c[2]);
            TrainingPlan plan = TrainingPlan.of(Lbfgs.defaults()).batchSize(0).penalty(new Penalty(1e-3, 0));
            double[] theta = theta(model);
            double[] localGradient = new double[theta.length];
            double local = local(model, plan, data, theta, localGradient);
            double[] rowWeights = data.weights();
            for (int partitions : new int[] {1, 2, 3, 5}) {
                RowBlocks blocks = RowBlocks.of(spark, data, model, RowBlocks.DEFAULT_BLOCK_ROWS, partitions);
                try {
                    double[] gradient = new double[theta.length];
                    double value = SparkObjective.of(spark, blocks, model, plan, rowWeights).batch(0, 0)
                            .valueAndGradient(theta, gradient);
                    String what = model.describe() + " on " + data.name() + ", " + partitions + " partitions";
                    assertThat(Double.doubleToRawLongBits(value)).as(what).isEqualTo(Double.doubleToRawLongBits(local));
                    assertSameBits(gradient, localGradient, what);
                } finally {
                    blocks.unpersist();
                }
            }
        }
    }

    /**
     * The parity above is not the old one by accident: on these six blocks the logistic gradient's
     * block sums added in block order differ from the tree's in some bit.
     */
    @Test
    void addingTheSixBlocksInOrderWouldGiveOtherBits() {
        Model model = ModelSpec.logistic().build(sixBlocks.columns(), 2);
        double[] theta = theta(model);
        Batch all = Trainer.batchOf(model, sixBlocks);
        int d = sixBlocks.columns();
        double[][] sums = new double[6][];
        double[] inOrder = new double[theta.length];
        for (int k = 0; k < 6; k++) {
            int from = k * Model.SUM_BLOCK_ROWS;
            int count = Math.min(Model.SUM_BLOCK_ROWS, all.rows() - from);
            Batch block = new Batch(java.util.Arrays.copyOfRange(all.features(), from * d, (from + count) * d), count, d,
                    java.util.Arrays.copyOfRange(all.targets(), from, from + count),
                    java.util.Arrays.copyOfRange(all.labels(), from, from + count), null, null);
            sums[k] = new double[theta.length];
            model.lossSums(theta, block, sums[k]);
            for (int j = 0; j < theta.length; j++) {
                inOrder[j] += sums[k][j];
            }
        }
        double[] tree = dev.descent.ml.model.BlockTree.sum(sums);
        assertThat(tree).isNotEqualTo(inOrder);
    }

    @Test
    void tallyAndMiniBatchesAreTheSameBitsOnAnyNumberOfPartitions() {
        Model model = ModelSpec.linear().build(sixBlocksRegression.columns(), 0);
        double[] theta = theta(model);
        Tally local = Tally.over(model, theta, Trainer.batchOf(model, sixBlocksRegression));
        TrainingPlan plan = TrainingPlan.of(Lbfgs.defaults()).batchSize(40_000).seed(3).penalty(new Penalty(0, 0));
        double[] firstGradient = null;
        double firstValue = Double.NaN;
        for (int partitions : new int[] {1, 2, 3, 5}) {
            RowBlocks blocks = RowBlocks.of(spark, sixBlocksRegression, model, RowBlocks.DEFAULT_BLOCK_ROWS, partitions);
            try {
                Tally tally = SparkData.tally(spark, ModelShape.of(model), blocks, theta);
                assertThat(tally.rows()).isEqualTo(local.rows());
                for (double[] pair : new double[][] {{tally.loss(), local.loss()},
                    {tally.residualSquares(), local.residualSquares()}, {tally.totalSquares(), local.totalSquares()},
                    {tally.absoluteErrors(), local.absoluteErrors()}}) {
                    assertThat(Double.doubleToRawLongBits(pair[0])).as("%d partitions", partitions)
                            .isEqualTo(Double.doubleToRawLongBits(pair[1]));
                }
                // a mini-batch of 40,000 shuffled rows lies in all six blocks
                double[] gradient = new double[theta.length];
                double value = SparkObjective.of(spark, blocks, model, plan).batch(0, 1).valueAndGradient(theta, gradient);
                if (firstGradient == null) {
                    firstGradient = gradient;
                    firstValue = value;
                } else {
                    assertThat(Double.doubleToRawLongBits(value)).isEqualTo(Double.doubleToRawLongBits(firstValue));
                    assertSameBits(gradient, firstGradient, partitions + " partitions, mini-batch");
                }
            } finally {
                blocks.unpersist();
            }
        }
    }
}
