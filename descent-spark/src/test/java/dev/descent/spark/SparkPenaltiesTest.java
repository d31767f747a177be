package dev.descent.spark;

import static dev.descent.spark.SparkTablesTest.assertSameRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ml.Pipeline;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.Penalty;
import dev.descent.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linear family's penalties, bounds and models trained through Spark: the L1 penalty's exact
 * zeros (OWL-QN under L-BFGS, proximal steps under Adam), the penalty on the features as given, no
 * intercept, coefficient bounds, the Huber and Poisson models, and weighted rows with L1; each run
 * against local training on the same data (itself checked against glmnet and scikit-learn by
 * descent-ml's GlmnetReferenceTest and LinearFamilyReferenceTest), to the same bits, the same stop
 * and the same epochs on one partition and on three.
 */
class SparkPenaltiesTest {
    static SparkSession spark;
    @TempDir
    static Path folder;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("descent-spark-penalties")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** descent-ml's test table {@code name}, read by path from the repository. */
    static String table(String name) {
        return Path.of("..", "descent-ml", "src", "test", "resources", "tables", name).toString();
    }

    /**
     * Runs {@code pipeline} locally and on Spark with 1 and 3 partitions and asserts the same run:
     * everything {@link SparkTablesTest#assertSameRun} compares, the stop reason, the epochs and the
     * penalty trained with.
     *
     * @return the local run, then the Spark runs
     */
    static List<Pipeline.Outcome> assertSameOnSpark(Pipeline pipeline) throws IOException {
        Pipeline.Outcome local = pipeline.run();
        List<Pipeline.Outcome> runs = new java.util.ArrayList<>(List.of(local));
        for (int partitions : new int[] {1, 3}) {
            Pipeline.Outcome onSpark = pipeline.engine(SparkEngine.in(spark, partitions)).run();
            runs.add(onSpark);
            assertSameRun(onSpark, local);
            assertThat(onSpark.training().stopReason()).isEqualTo(local.training().stopReason());
            assertThat(onSpark.training().epochs()).isEqualTo(local.training().epochs());
            assertThat(onSpark.training().history()).hasSameSizeAs(local.training().history());
            assertThat(onSpark.penalty()).isEqualTo(local.penalty());
        }
        return runs;
    }

    /*
     * The runs that do not converge within the default epochs stop at 30 (MAX_EPOCHS on both sides):
     * the trajectory is compared at every step all the same, and each step is a Spark job.
     */

    /** Which parameters are exactly 0. */
    static boolean[] zeros(double[] parameters) {
        boolean[] zero = new boolean[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            zero[i] = parameters[i] == 0;
        }
        return zero;
    }

    /** The count of weights (not intercepts) of {@code run}'s model that are exactly 0. */
    static long zeroWeights(Pipeline.Outcome run) {
        double[] parameters = run.model().parameters();
        long count = 0;
        for (int i = 0; i < parameters.length; i++) {
            count += run.model().model().isWeight(i) && parameters[i] == 0 ? 1 : 0;
        }
        return count;
    }

    /** The same bits imply the same zeros; said on its own, for a message that names the zeros. */
    static void assertSameZeros(List<Pipeline.Outcome> runs) {
        for (Pipeline.Outcome run : runs.subList(1, runs.size())) {
            assertThat(zeros(run.model().parameters())).isEqualTo(zeros(runs.get(0).model().parameters()));
        }
    }

    @Test
    void anL1PenaltyUnderLbfgsReachesLocalTrainingsExactZeros() throws IOException {
        Pipeline pipeline = Pipeline.of("breast_cancer", ModelSpec.parse("logistic"))
                .plan(plan -> plan.penalty(new Penalty(0, 0.01)));
        List<Pipeline.Outcome> runs = assertSameOnSpark(pipeline);
        // OWL-QN's zeros: a lasso on 30 correlated features keeps a few
        assertThat(zeroWeights(runs.get(0))).isGreaterThan(5).isLessThan(30);
        assertSameZeros(runs);
    }

    @Test
    void proximalAdamOnMiniBatchesGivesLocalTrainingsBitsAndZeros() throws IOException {
        Pipeline pipeline = Pipeline.of("breast_cancer", ModelSpec.parse("logistic"))
                .plan(plan -> plan.optimizer(new Adam(0.01)).batchSize(64).epochs(5).seed(7)
                        .penalty(new Penalty(0, 0.01)));
        List<Pipeline.Outcome> runs = assertSameOnSpark(pipeline);
        assertThat(runs.get(0).training().epochs()).isEqualTo(5);
        // the proximal step sets weights to exactly 0
        assertThat(zeroWeights(runs.get(0))).isGreaterThan(0);
        assertSameZeros(runs);
    }

    @Test
    void thePenaltyOnTheFeaturesAsGivenTrainsToLocalTrainingsBits() throws IOException {
        Pipeline pipeline = Pipeline.of("breast_cancer", ModelSpec.parse("logistic")).standardization(false)
                .plan(plan -> plan.penalty(new Penalty(0.001, 0.001)).epochs(30));
        Pipeline.Outcome local = assertSameOnSpark(pipeline).get(0);
        assertThat(local.penalty().onFeaturesAsGiven()).isTrue();
    }

    @Test
    void noInterceptScalesWithoutCentringAsLocalTrainingDoes() throws IOException {
        Pipeline pipeline = Pipeline.of("breast_cancer", ModelSpec.parse("logistic"))
                .plan(plan -> plan.intercept(false).penalty(new Penalty(0, 0.01)).epochs(30));
        Pipeline.Outcome local = assertSameOnSpark(pipeline).get(0);
        assertThat(local.model().standardizer().means()).containsOnly(0.0);
        assertThat(local.model().coefficients().orElseThrow().intercepts()[0]).isEqualTo(0.0);
    }

    @Test
    void coefficientBoundsHoldAsInLocalTraining() throws IOException {
        Pipeline pipeline = Pipeline.of("breast_cancer", ModelSpec.parse("logistic"))
                .coefficientBounds(Map.of("worst_texture", new double[] {Double.NEGATIVE_INFINITY, 0.05}))
                .plan(plan -> plan.penalty(new Penalty(0.01, 0)));
        Pipeline.Outcome local = assertSameOnSpark(pipeline).get(0);
        // the bound is active: unbounded, the coefficient lies above it, and bounded it lies on it
        assertThat(worstTexture(pipeline.coefficientBounds(Map.of()).run())).isGreaterThan(0.05);
        assertThat(worstTexture(local)).isCloseTo(0.05, within(1e-12));
    }

    static double worstTexture(Pipeline.Outcome run) {
        var c = run.model().coefficients().orElseThrow();
        return c.coefficients()[0][c.features().indexOf("worst_texture")];
    }

    @Test
    void theHuberModelTrainsToLocalTrainingsBits() throws IOException {
        Pipeline pipeline = Pipeline.of(table("duncan.csv"), ModelSpec.parse("huber")).target("prestige")
                .columns(c -> c.drop(List.of("occupation"))).plan(plan -> plan.penalty(new Penalty(0.01, 0)));
        assertSameOnSpark(pipeline);
    }

    @Test
    void thePoissonModelTrainsToLocalTrainingsBits() throws IOException {
        Pipeline pipeline = Pipeline.of(table("ornstein.csv"), ModelSpec.parse("poisson")).target("interlocks")
                .plan(plan -> plan.penalty(new Penalty(0.01, 0.001)).epochs(30));
        assertSameOnSpark(pipeline);
    }

    @Test
    void theSvmAndQuantileModelsReachTheExactOptimumOnSparkAsLocally() throws IOException {
        for (Pipeline pipeline : List.of(Pipeline.of("breast_cancer", ModelSpec.parse("svm")),
                Pipeline.of("diabetes", ModelSpec.parse("quantile:q=0.9")).plan(plan -> plan.penalty(new Penalty(0, 0.05))))) {
            for (Pipeline.Outcome run : assertSameOnSpark(pipeline.plan(plan -> plan.epochs(200)))) {
                assertThat(run.training().stopReason()).as(run.training().detail())
                        .isEqualTo(dev.descent.StopReason.OPTIMALITY_CONDITIONS);
            }
        }
    }

    @Test
    void anL1PathOnSparkChoosesLocalTrainingsPointWithItsBits() throws IOException {
        // 15 iterations a point: every iteration is a Spark job, and the bits are compared all the same
        Pipeline pipeline = Pipeline.of("breast_cancer", ModelSpec.parse("logistic")).l1Path(4)
                .plan(plan -> plan.epochs(15));
        Pipeline.Outcome local = pipeline.run();
        Pipeline.Outcome onSpark = pipeline.engine(SparkEngine.in(spark, 3)).run();
        assertSameRun(onSpark, local);
        assertThat(onSpark.path()).hasSameSizeAs(local.path());
        for (int p = 0; p < local.path().size(); p++) {
            Pipeline.PathPoint ours = onSpark.path().get(p);
            Pipeline.PathPoint theirs = local.path().get(p);
            assertThat(ours.l1()).isEqualTo(theirs.l1());
            assertThat(ours.nonzeros()).isEqualTo(theirs.nonzeros());
            assertThat(ours.validationLoss()).isEqualTo(theirs.validationLoss());
            // Spark scores no training rows: its training loss is the full-batch objective's, the same mean
            assertThat(ours.trainingLoss()).isCloseTo(theirs.trainingLoss(), within(1e-12 * theirs.trainingLoss()));
        }
    }

    @Test
    void aNegativeCountIsRefusedWithLocalTrainingsMessage() throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(table("ornstein.csv"))));
        lines.set(5, lines.get(5).substring(0, lines.get(5).lastIndexOf(',')) + ",-3");
        Path file = Files.write(folder.resolve("ornstein-negative.csv"), lines);
        Pipeline pipeline = Pipeline.of(file.toString(), ModelSpec.parse("poisson")).target("interlocks");
        Throwable local = org.assertj.core.api.Assertions.catchThrowable(pipeline::run);
        assertThat(local).isInstanceOf(dev.descent.ml.data.DataException.class)
                .hasMessageContaining(":6:").hasMessageContaining("is -3.0; a poisson model fits counts");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.engine(SparkEngine.in(spark, 2)).run())
                .isInstanceOf(dev.descent.ml.data.DataException.class).hasMessage(local.getMessage());
    }

    @Test
    void weightedRowsWithAnL1PenaltyTrainToLocalTrainingsBitsOnOneBlockAndOnSeveral() throws IOException {
        for (int rows : new int[] {3_000, 40_000}) {
            Path file = Files.writeString(folder.resolve("weighted-" + rows + ".csv"),
                    SparkTablesTest.weighted(SparkTablesTest.flats(rows)));
            Pipeline pipeline = Pipeline.of(file.toString(), ModelSpec.parse("logistic")).target("label")
                    .columns(c -> c.drop(List.of("id")).missing(List.of("-")).weight("w"))
                    .plan(plan -> plan.penalty(new Penalty(0.001, 0.01)));
            List<Pipeline.Outcome> runs = assertSameOnSpark(pipeline);
            assertThat(runs.get(0).data()).contains("weighted");
            assertThat(zeroWeights(runs.get(0))).isGreaterThan(0);
            assertSameZeros(runs);
        }
    }
}
