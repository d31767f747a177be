package dev.descent.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark ML pipeline as Spark users build one, {@code StringIndexer -> OneHotEncoder ->
 * VectorAssembler -> DescentClassifier}, on the Palmer penguins (text columns, one-hot vectors):
 * it fits, transforms, saves and loads, and tunes with {@code CrossValidator} and
 * {@code TrainValidationSplit}, with the probabilities and the cross-validated scores of the same
 * pipeline ending in MLlib's {@code LogisticRegression} as the reference.
 */
public class SparkMlPipelineTest {
    static SparkSession spark;
    static Dataset<Row> penguins;
    @TempDir
    static Path folder;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("descent-spark-ml-pipeline").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        penguins = read(spark, folder);
    }

    /** The penguins table as Spark reads a CSV export: NA cells dropped with their rows. */
    public static Dataset<Row> read(SparkSession session, Path folder) throws Exception {
        Path file = folder.resolve("penguins.csv");
        try (InputStream in = dev.descent.ml.data.CsvDatasets.class.getResourceAsStream("penguins.csv")) {
            Files.copy(in, file);
        }
        return session.read().option("header", true).option("inferSchema", true).option("nullValue", "NA")
                .csv(file.toString()).na().drop().repartition(2).cache();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The penguins' preparation stages followed by {@code last}. */
    public static Pipeline pipeline(PipelineStage last) {
        StringIndexer species = new StringIndexer().setInputCol("species").setOutputCol("label");
        StringIndexer text = new StringIndexer().setInputCols(new String[] {"island", "sex"})
                .setOutputCols(new String[] {"island_index", "sex_index"});
        OneHotEncoder encoder = new OneHotEncoder().setInputCols(new String[] {"island_index", "sex_index"})
                .setOutputCols(new String[] {"island_vector", "sex_vector"});
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"bill_length_mm", "bill_depth_mm",
            "flipper_length_mm", "body_mass_g", "island_vector", "sex_vector"}).setOutputCol("features");
        return new Pipeline().setStages(new PipelineStage[] {species, text, encoder, assembler, last});
    }

    public static void assertSameProbabilities(List<Row> descent, List<Row> mllib, double tolerance) {
        assertThat(descent).hasSameSizeAs(mllib);
        for (int i = 0; i < descent.size(); i++) {
            double[] a = ((Vector) descent.get(i).get(0)).toArray();
            double[] b = ((Vector) mllib.get(i).get(0)).toArray();
            for (int c = 0; c < a.length; c++) {
                assertThat(a[c]).isCloseTo(b[c], offset(tolerance));
            }
            assertThat(descent.get(i).getDouble(1)).isEqualTo(mllib.get(i).getDouble(1));
        }
    }

    @Test
    void fitsTransformsSavesAndLoadsLikeMllibsPipeline() throws Exception {
        PipelineModel descent = pipeline(new DescentClassifier().setRegParam(0.01).setTol(0).setMaxIter(1000))
                .fit(penguins);
        PipelineModel mllib = pipeline(new LogisticRegression().setRegParam(0.01).setTol(1e-15).setMaxIter(1000))
                .fit(penguins);
        List<Row> predicted = descent.transform(penguins).select("probability", "prediction").collectAsList();
        assertSameProbabilities(predicted, mllib.transform(penguins).select("probability", "prediction").collectAsList(), 1e-6);
        DescentClassificationModel model = (DescentClassificationModel) descent.stages()[4];
        assertThat(model.numClasses()).isEqualTo(3);
        assertThat(model.numFeatures()).isEqualTo(7);
        assertThat(model.coefficientMatrix().numRows()).isEqualTo(3);
        assertThat(model.summary().stopReason()).isNotEqualTo("MAX_EPOCHS");

        String path = folder.resolve("pipeline-model").toString();
        descent.write().overwrite().save(path);
        List<Row> loaded = PipelineModel.load(path).transform(penguins).select("probability", "prediction").collectAsList();
        assertThat(loaded).isEqualTo(predicted);
    }

    @Test
    void crossValidatesAsMllibDoes() {
        DescentClassifier descent = new DescentClassifier().setTol(1e-12).setMaxIter(1000);
        LogisticRegression mllib = new LogisticRegression().setTol(1e-12).setMaxIter(1000);
        MulticlassClassificationEvaluator logLoss = new MulticlassClassificationEvaluator().setMetricName("logLoss");
        ParamMap[] descentGrid = new ParamGridBuilder().addGrid(descent.regParam(), new double[] {0.003, 0.3})
                .addGrid(descent.elasticNetParam(), new double[] {0, 0.5}).build();
        ParamMap[] mllibGrid = new ParamGridBuilder().addGrid(mllib.regParam(), new double[] {0.003, 0.3})
                .addGrid(mllib.elasticNetParam(), new double[] {0, 0.5}).build();
        CrossValidatorModel tuned = new CrossValidator().setEstimator(pipeline(descent)).setEstimatorParamMaps(descentGrid)
                .setEvaluator(logLoss).setNumFolds(2).setSeed(7).fit(penguins);
        CrossValidatorModel reference = new CrossValidator().setEstimator(pipeline(mllib)).setEstimatorParamMaps(mllibGrid)
                .setEvaluator(logLoss).setNumFolds(2).setSeed(7).fit(penguins);
        assertThat(tuned.avgMetrics()).hasSize(4);
        // each grid lists its settings in its own order: match them by their values
        for (int i = 0; i < 4; i++) {
            double regParam = (Double) descentGrid[i].apply(descent.regParam());
            double elasticNet = (Double) descentGrid[i].apply(descent.elasticNetParam());
            int match = -1;
            for (int k = 0; k < 4; k++) {
                if ((Double) mllibGrid[k].apply(mllib.regParam()) == regParam
                        && (Double) mllibGrid[k].apply(mllib.elasticNetParam()) == elasticNet) {
                    match = k;
                }
            }
            assertThat(tuned.avgMetrics()[i]).as("log-loss at regParam %s, elasticNetParam %s", regParam, elasticNet)
                    .isCloseTo(reference.avgMetrics()[match], offset(1e-6));
        }
        DescentClassificationModel best = (DescentClassificationModel) ((PipelineModel) tuned.bestModel()).stages()[4];
        assertThat(best.getRegParam()).isEqualTo(0.003);

        TrainValidationSplitModel split = new TrainValidationSplit().setEstimator(pipeline(descent))
                .setEstimatorParamMaps(new ParamGridBuilder().addGrid(descent.regParam(), new double[] {0.003, 0.3}).build()).setEvaluator(logLoss).setTrainRatio(0.7).setSeed(7).fit(penguins);
        assertThat(split.validationMetrics()).hasSize(2);
    }
}
