package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.loop.Minimizer;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.Penalty;
import dev.descent.ml.train.Trainer;
import dev.descent.ml.train.TrainingPlan;
import dev.descent.ml.train.TrainingResult;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.stop.StoppingRule;
import dev.descent.stop.StoppingRules;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Full-batch training with the gradient summed by Spark in local[2] mode, against local training. */
class SparkObjectiveTest {
    static JavaSparkContext spark;
    static Dataset cancer;
    /** 40,000 rows: three blocks of Model.SUM_BLOCK_ROWS, so the local pass splits into three chunks too. */
    static Dataset large;
    static final StoppingRule NEVER = p -> Optional.empty();

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("descent-spark-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        Dataset raw = CsvDatasets.builtIn("breast_cancer", null, true);
        cancer = Standardizer.fit(raw).apply(raw);
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        int n = 40_000;
        int d = 12;
        double[] x = random.doubles((long) n * d, -1, 1).toArray();
        double[] y = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double z = 0.3;
            for (int j = 0; j < d; j++) {
                z += x[i * d + j] * (j % 3 - 1);
            }
            labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
            y[i] = labels[i];
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        large = new Dataset("large", names, "y", x, y, java.util.List.of("0", "1"), labels);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static Model logistic(Dataset data) {
        return ModelSpec.logistic().build(data.columns(), 2);
    }

    /** The run through Spark: descent's loop over the Spark objective, with the trainer's stopping rules. */
    static Result onSpark(Dataset data, Optimizer optimizer, int epochs, StoppingRule convergence, int blockRows,
                          int partitions) {
        Model model = logistic(data);
        Penalty penalty = new Penalty(1e-3, 0);
        RowBlocks blocks = RowBlocks.of(spark, data, model, blockRows, partitions);
        try {
            SparkObjective objective = new SparkObjective(spark, blocks, model, penalty, 0, 0);
            return Minimizer.using(optimizer).stoppingWhen(convergence.or(StoppingRules.maxEpochs(epochs)))
                    .returningLastPoint().minimize(objective, model.initialParameters(0));
        } finally {
            blocks.unpersist();
        }
    }

    static TrainingResult local(Dataset data, Optimizer optimizer, int epochs, StoppingRule convergence) {
        return Trainer.of(logistic(data), TrainingPlan.of(optimizer).batchSize(0).penalty(new Penalty(1e-3, 0)).epochs(epochs).convergence(convergence)
                .withoutEpochMetrics()).fit(data, null);
    }

    static void assertSameBits(double[] actual, double[] expected, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToRawLongBits(actual[i])).as("%s, weight %d: %s vs %s", what, i, actual[i], expected[i])
                    .isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    static void assertRelativelyClose(double[] actual, double[] expected, double tolerance) {
        double norm = 0;
        double difference = 0;
        for (int i = 0; i < expected.length; i++) {
            norm = Math.max(norm, Math.abs(expected[i]));
            difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
        }
        assertThat(difference / norm).as("largest difference relative to the largest weight").isLessThanOrEqualTo(tolerance);
    }

    @Test
    void fullBatchGradientDescentEqualsLocalTrainingToTheBit() {
        for (Dataset data : new Dataset[] {cancer, large}) {
            TrainingResult local = local(data, GradientDescent.fixed(0.5), 40, NEVER);
            Result spark = onSpark(data, GradientDescent.fixed(0.5), 40, NEVER, RowBlocks.DEFAULT_BLOCK_ROWS, 2);
            assertThat(spark.stopReason()).isEqualTo(StopReason.MAX_EPOCHS);
            assertThat(spark.epochs()).isEqualTo(40);
            assertSameBits(spark.point(), local.parameters(), data.name());
        }
    }

    @Test
    void lbfgsConvergesToLocalTrainingsWeightsToTheBit() {
        for (Dataset data : new Dataset[] {cancer, large}) {
            TrainingResult local = local(data, Lbfgs.defaults(), 200, TrainingPlan.defaultConvergence());
            Result spark = onSpark(data, Lbfgs.defaults(), 200, TrainingPlan.defaultConvergence(), RowBlocks.DEFAULT_BLOCK_ROWS, 3);
            assertThat(local.converged()).isTrue();
            assertThat(spark.converged()).as(spark.toString()).isTrue();
            assertThat(spark.epochs()).isEqualTo(local.epochs());
            assertSameBits(spark.point(), local.parameters(), data.name());
        }
    }

    @Test
    void smallerBlocksAgreeWithLocalTrainingToRounding() {
        TrainingResult local = local(cancer, GradientDescent.fixed(0.5), 60, NEVER);
        Result spark = onSpark(cancer, GradientDescent.fixed(0.5), 60, NEVER, 64, 2);
        assertRelativelyClose(spark.point(), local.parameters(), 1e-12);
    }

    @Test
    void theWeightsAreTheSameBitsForAnyNumberOfPartitions() {
        double[] one = onSpark(cancer, Lbfgs.defaults(), 15, NEVER, 50, 1).point();
        for (int partitions : new int[] {2, 7}) {
            assertSameBits(onSpark(cancer, Lbfgs.defaults(), 15, NEVER, 50, partitions).point(), one,
                    partitions + " partitions");
        }
    }

    /**
     * A kinked loss (the pinball loss of quantile regression) is minimized smoothed over a width
     * scaled by the targets' deviation, locally ({@code TrainingData.inMemory}) and on Spark, whose
     * executors rebuild the smoothed model: the same value and gradient bits over three blocks.
     */
    @Test
    void aKinkedLossIsSmoothedOnTheExecutorsAsLocally() {
        Model model = ModelSpec.parse("quantile:q=0.3").build(large.columns(), 0);
        TrainingPlan plan = TrainingPlan.of(Lbfgs.defaults()).batchSize(0).penalty(new Penalty(1e-3, 0));
        double[] theta = new double[model.parameterCount()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.1 * (i % 5) - 0.2;
        }
        double[] localGradient = new double[theta.length];
        double local = dev.descent.ml.train.TrainingData.inMemory(model, plan, large, null).objective().batch(0, 0)
                .valueAndGradient(theta, localGradient);
        RowBlocks blocks = RowBlocks.of(spark, large, model, RowBlocks.DEFAULT_BLOCK_ROWS, 3);
        try {
            double[] sparkGradient = new double[theta.length];
            double smoothed = SparkObjective.of(spark, blocks, model, plan, null, dev.descent.ml.train.TrainingData.deviation(large.targets()))
                    .batch(0, 0).valueAndGradient(theta, sparkGradient);
            assertThat(Double.doubleToLongBits(smoothed)).isEqualTo(Double.doubleToLongBits(local));
            assertSameBits(sparkGradient, localGradient, "smoothed gradient");
            // the kink itself differs: what is compared is the smoothing
            double kinked = SparkObjective.of(spark, blocks, model, plan).batch(0, 0).valueAndGradient(theta,
                    new double[theta.length]);
            assertThat(kinked).isNotEqualTo(local);
        } finally {
            blocks.unpersist();
        }
    }
}
