package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.StopReason;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.EpochRecord;
import dev.descent.ml.train.Penalty;
import dev.descent.ml.train.Scorer;
import dev.descent.ml.train.Trainer;
import dev.descent.ml.train.TrainingData;
import dev.descent.ml.train.TrainingPlan;
import dev.descent.ml.train.TrainingListener;
import dev.descent.ml.train.TrainingResult;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's loop, early stopping and checkpoints with the gradient summed by Spark (local[2]). */
class SparkTrainingTest {
    static JavaSparkContext spark;
    static Split data;

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("descent-spark-training")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        Split split = Split.of(CsvDatasets.builtIn("breast_cancer", null, true), 0.25, 0, 7);
        Standardizer scale = Standardizer.fit(split.train());
        data = new Split(scale.apply(split.train()), scale.apply(split.validation()), split.test());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The training rows of {@code blocks} on Spark, the validation rows (or null) scored here. */
    static TrainingData onBlocks(JavaSparkContext context, RowBlocks blocks, Trainer trainer, Dataset validation) {
        return new TrainingData(SparkObjective.of(context, blocks, trainer.model(), trainer.plan()), null,
                validation == null ? null : Scorer.of(trainer.model(), Trainer.batchOf(trainer.model(), validation)),
                blocks.rows());
    }

    static TrainingResult onSpark(Trainer trainer) {
        RowBlocks blocks = RowBlocks.of(spark, data.train(), trainer.model(), RowBlocks.DEFAULT_BLOCK_ROWS, 2);
        try {
            return trainer.fit(SparkTrainingTest.onBlocks(spark, blocks, trainer, data.validation()));
        } finally {
            blocks.unpersist();
        }
    }

    static void assertSameBits(double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToRawLongBits(actual[i])).as("weight %d", i).isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    @Test
    void trainingThroughSparkIsLocalTrainingToTheBitWithTheSameStopAndHistory() {
        Supplier<Trainer> trainer = () -> Trainer.of(ModelSpec.logistic().build(30, 2), TrainingPlan.of(Lbfgs.defaults()).batchSize(0)
                .penalty(new Penalty(1e-3, 0)).epochs(200));
        TrainingResult local = trainer.get().fit(data.train(), data.validation());
        TrainingResult spark = onSpark(trainer.get());
        assertThat(spark.stopReason()).isEqualTo(local.stopReason()).isIn(StopReason.GRADIENT_TOLERANCE,
                StopReason.VALUE_TOLERANCE);
        assertThat(spark.epochs()).isEqualTo(local.epochs());
        assertSameBits(spark.parameters(), local.parameters());
        EpochRecord last = spark.history().get(spark.history().size() - 1);
        assertThat(last.validation().loss()).isEqualTo(local.history().get(local.history().size() - 1).validation().loss());
        assertThat(Double.isNaN(last.train().loss())).as("the training rows are on the executors").isTrue();
    }

    @Test
    void earlyStoppingWorksOnTheValidationRows() {
        // plain gradient descent with a large step overfits slowly; patience 3 stops it at the best validation epoch
        Trainer trainer = Trainer.of(ModelSpec.logistic().build(30, 2), TrainingPlan.of(GradientDescent.fixed(2.0)).batchSize(0).epochs(400)
                .earlyStopping(3));
        TrainingResult spark = onSpark(trainer);
        TrainingResult local = trainer.fit(data.train(), data.validation());
        assertThat(spark.stopReason()).isEqualTo(local.stopReason()).isEqualTo(StopReason.NO_IMPROVEMENT);
        assertThat(spark.bestEpoch()).isEqualTo(local.bestEpoch()).isLessThan(spark.epochs());
        assertSameBits(spark.parameters(), local.parameters());
    }

    @Test
    void aResumedSparkRunEqualsTheUninterruptedOne(@TempDir Path dir) throws IOException {
        Supplier<Trainer> trainer = () -> Trainer.of(ModelSpec.logistic().build(30, 2), TrainingPlan.of(Lbfgs.defaults()).batchSize(0).epochs(20)
                .convergence(p -> java.util.Optional.empty()));
        TrainingResult whole = onSpark(trainer.get());
        Path file = dir.resolve("spark.ckpt");
        Trainer interrupted = trainer.get().plan(p -> p.checkpoint(file, 5).listener(new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                if (record.epoch() == 8) {
                    throw new IllegalStateException("executor lost");
                }
            }
        }));
        assertThatThrownBy(() -> onSpark(interrupted)).hasMessage("executor lost");
        RowBlocks blocks = RowBlocks.of(spark, data.train(), trainer.get().model(), RowBlocks.DEFAULT_BLOCK_ROWS, 3);
        TrainingResult resumed = trainer.get().resume(file, onBlocks(spark, blocks, trainer.get(), data.validation()));
        blocks.unpersist();
        assertThat(resumed.history()).hasSize(20);
        assertSameBits(resumed.parameters(), whole.parameters());
    }

    @Test
    void theLearningRateRangeTestOverSparkIsTheLocalOneToTheBit() {
        Trainer trainer = Trainer.of(ModelSpec.logistic().build(30, 2), TrainingPlan.of(new dev.descent.optim.Sgd(0.1)).epochs(10).batchSize(0).seed(2));
        dev.descent.rangetest.LearningRateFinder finder = dev.descent.rangetest.LearningRateFinder.defaults().withSteps(40);
        dev.descent.rangetest.RangeTest local = trainer.findLearningRate(finder, data.train());
        RowBlocks blocks = RowBlocks.of(spark, data.train(), trainer.model(), RowBlocks.DEFAULT_BLOCK_ROWS, 2);
        try {
            dev.descent.rangetest.RangeTest onSpark = trainer.findLearningRate(finder, onBlocks(spark, blocks, trainer, null));
            assertThat(onSpark.steps()).isEqualTo(local.steps());
            assertSameBits(onSpark.losses(), local.losses());
            assertThat(onSpark.suggestedRate()).isEqualTo(local.suggestedRate());
        } finally {
            blocks.unpersist();
        }
    }

    @Test
    void miniBatchAdamTakesLocalTrainingsBatchesAndAgreesToRounding() {
        Supplier<Trainer> trainer = () -> Trainer.of(ModelSpec.logistic().build(30, 2), TrainingPlan.of(new dev.descent.optim.Adam(0.01))
                .batchSize(32).seed(3).epochs(4));
        TrainingResult local = trainer.get().fit(data.train(), data.validation());
        double[] reference = null;
        for (int partitions : new int[] {1, 3}) {
            RowBlocks blocks = RowBlocks.of(spark, data.train(), trainer.get().model(), 100, partitions);
            try {
                TrainingResult spark = trainer.get().fit(SparkTrainingTest.onBlocks(SparkTrainingTest.spark, blocks, trainer.get(), data.validation()));
                assertThat(spark.history()).hasSize(4);
                assertThat(spark.history().get(3).updates()).isEqualTo(local.history().get(3).updates()).isEqualTo(4 * 14);
                double[] p = spark.parameters();
                double[] q = local.parameters();
                double largest = 0;
                double difference = 0;
                for (int i = 0; i < q.length; i++) {
                    largest = Math.max(largest, Math.abs(q[i]));
                    difference = Math.max(difference, Math.abs(p[i] - q[i]));
                }
                assertThat(difference / largest).as("relative to local training").isLessThanOrEqualTo(1e-12);
                if (reference == null) {
                    reference = p;
                } else {
                    assertSameBits(p, reference);
                }
            } finally {
                blocks.unpersist();
            }
        }
    }
}
