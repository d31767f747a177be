package dev.descent.spark;

import static dev.descent.spark.SparkDataTest.assertSameBits;
import static dev.descent.spark.SparkDataTest.assertSameEvaluations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.descent.ml.Pipeline;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Encoding;
import dev.descent.ml.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine reading tables as they come, as local training reads them: text columns as
 * categories, gaps filled with the training rows' means, rows without a target left out, the
 * encoding learned from the training rows on the executors; against local training on the same file
 * (itself checked against scikit-learn by descent-ml's TablesReferenceTest), to the same bits on any
 * partition count.
 */
class SparkTablesTest {
    static SparkSession spark;
    @TempDir
    static Path folder;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("descent-spark-tables").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static Pipeline.Outcome onSpark(Pipeline pipeline, int partitions) throws IOException {
        return pipeline.engine(SparkEngine.in(spark, partitions)).run();
    }

    /** Everything a run learns and reports, the same bits as local training's. */
    static void assertSameRun(Pipeline.Outcome spark, Pipeline.Outcome local) {
        assertThat(spark.model().encoding()).isEqualTo(local.model().encoding());
        assertSameBits(spark.model().standardizer().means(), local.model().standardizer().means());
        assertSameBits(spark.model().standardizer().deviations(), local.model().standardizer().deviations());
        assertSameBits(spark.model().parameters(), local.model().parameters());
        assertThat(spark.model().classNames()).isEqualTo(local.model().classNames());
        assertSameEvaluations(spark, local);
        assertThat(spark.notes()).isEqualTo(local.notes());
        assertThat(spark.data()).isEqualTo(local.data());
    }

    @Test
    void penguinsWithTextColumnsAndGapsTrainToLocalTrainingsBitsOnAnyPartitions() throws IOException {
        Pipeline pipeline = Pipeline.of("src/test/resources/tables/penguins-train.csv", ModelSpec.parse("softmax"))
                .target("species").split(0, 0).testData("src/test/resources/tables/penguins-test.csv");
        Pipeline.Outcome local = pipeline.run();
        // the file's text columns are categories and its NA cells gaps: what is compared is that reading
        assertThat(local.model().encoding().featureNames()).contains("island=Biscoe", "sex=female",
                "bill_length_mm=(missing)");
        assertThat(local.notes()).anyMatch(note -> note.contains("missing numeric cell"));
        for (int partitions : new int[] {1, 2, 3}) {
            assertSameRun(onSpark(pipeline, partitions), local);
        }
    }

    /**
     * Rows of a table of every kind of column: an identifier, a number with gaps (empty, {@code NA} and
     * the user's {@code -}), a city as text with gaps and a level the training rows may not have, rooms
     * read as categories, and a yes/no target with gaps, "no" the positive class.
     */
    static String flats(int rows) {
        StringBuilder csv = new StringBuilder("id,area,city,rooms,label\n");
        SplittableRandom random = new SplittableRandom(5);
        List<String> cities = List.of("Paris", "Lyon", "Nice", "Lille");
        for (int i = 0; i < rows; i++) {
            double area = 20 + 130 * random.nextDouble();
            int gap = random.nextInt(20);
            String areaCell = gap == 0 ? "" : gap == 1 ? "NA" : gap == 2 ? "-" : String.format(Locale.ROOT, "%.3f", area);
            String city = random.nextInt(15) == 0 ? "" : i == rows - 7 ? "Atlantis" : cities.get(random.nextInt(4));
            int rooms = 1 + random.nextInt(5);
            double score = area / 50 - rooms * 0.3 + (city.equals("Paris") ? 1 : 0) + random.nextGaussian();
            String label = random.nextInt(40) == 0 ? "NA" : score > 1.5 ? "yes" : "no";
            csv.append(i).append(',').append(areaCell).append(',').append(city).append(',').append(rooms).append(',')
                    .append(label).append('\n');
        }
        return csv.toString();
    }

    @Test
    void aLargeTableOfTextGapsAndMissingTargetsTrainsToLocalTrainingsBits() throws IOException {
        // more training rows than one block of Encoding.fit's and the standardizer's sums
        Path file = Files.writeString(folder.resolve("flats.csv"), flats(40_000));
        Pipeline pipeline = Pipeline.of(file.toString(), ModelSpec.parse("logistic")).target("label")
                .columns(c -> c.drop(List.of("id")).categorical(List.of("rooms")).missing(List.of("-")).positive("no"));
        Pipeline.Outcome local = pipeline.run();
        assertThat(local.model().classNames()).containsExactly("yes", "no");
        assertThat(local.model().encoding().featureNames()).containsExactly("area", "area=(missing)", "city=Lille",
                "city=Lyon", "city=Nice", "city=Paris", "city=(missing)", "rooms=1", "rooms=2", "rooms=3", "rooms=4",
                "rooms=5");
        assertThat(local.notes()).anyMatch(note -> note.endsWith("without a target 'label' left out"));
        assertThat(local.notes()).anyMatch(note -> note.contains("Atlantis"));
        for (int partitions : new int[] {2, 3}) {
            assertSameRun(onSpark(pipeline, partitions), local);
        }
    }

    /** {@link #flats} with a weight column after the label: 1, 2 or 0.5, and 0 for some rows. */
    static String weighted(String flats) {
        StringBuilder csv = new StringBuilder();
        String[] lines = flats.split("\n");
        csv.append(lines[0]).append(",w\n");
        for (int i = 1; i < lines.length; i++) {
            csv.append(lines[i]).append(',').append(List.of("1", "2", "0.5", "0", "1.25").get(i % 5)).append('\n');
        }
        return csv.toString();
    }

    @Test
    void aWeightColumnAndClassWeightsTrainToLocalTrainingsBitsOnOneBlockAndOnSeveral() throws IOException {
        for (int rows : new int[] {3_000, 40_000}) {
            Path file = Files.writeString(folder.resolve("weighted-" + rows + ".csv"), weighted(flats(rows)));
            Pipeline pipeline = Pipeline.of(file.toString(), ModelSpec.parse("logistic")).target("label")
                    .columns(c -> c.drop(List.of("id")).missing(List.of("-")).weight("w"))
                    .classWeights(dev.descent.ml.data.ClassWeights.parse("balanced"));
            Pipeline.Outcome local = pipeline.run();
            assertThat(local.data()).contains("weighted");
            assertSameRun(onSpark(pipeline, 3), local);
            // the weight column alone, on a model without a fused kernel
            Pipeline mlp = Pipeline.of(file.toString(), ModelSpec.parse("mlp:4")).target("label").columns(c -> c.drop(
                    List.of("id")).missing(List.of("-")).weight("w"))
                    .plan(p -> p.optimizer(dev.descent.optim.Lbfgs.defaults()).epochs(3));
            assertSameRun(onSpark(mlp, 2), mlp.run());
        }
    }

    @Test
    void aWeightedTestFileScoresWithItsWeightsAsLocalTrainingDoes() throws IOException {
        Path train = Files.writeString(folder.resolve("weighted-train.csv"), weighted(flats(3_000)));
        Path test = Files.writeString(folder.resolve("weighted-test.csv"), weighted(flats(500)));
        Pipeline pipeline = Pipeline.of(train.toString(), ModelSpec.parse("logistic")).target("label")
                .columns(c -> c.drop(List.of("id")).missing(List.of("-")).weight("w")).testData(test);
        Pipeline.Outcome local = pipeline.run();
        assertSameRun(onSpark(pipeline, 3), local);
    }

    static String localMessage(Pipeline pipeline) {
        Throwable thrown = catchThrowable(pipeline::run);
        assertThat(thrown).isInstanceOf(DataException.class);
        return thrown.getMessage();
    }

    @Test
    void tooManyCategoriesGapsRefusedAndAStrangePositiveClassAreRefusedWithLocalTrainingsMessages() throws IOException {
        StringBuilder names = new StringBuilder("name,x,y\n");
        for (int i = 0; i < 300; i++) {
            names.append("person").append(i).append(',').append(i % 7 == 0 ? "" : Integer.toString(i % 11)).append(',')
                    .append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Path file = Files.writeString(folder.resolve("names.csv"), names);
        Pipeline crowded = Pipeline.of(file.toString(), ModelSpec.parse("logistic"));
        Pipeline gaps = Pipeline.of(file.toString(), ModelSpec.parse("logistic"))
                .columns(c -> c.drop(List.of("name")).refuseMissing(true));
        Pipeline positive = Pipeline.of(file.toString(), ModelSpec.parse("logistic"))
                .columns(c -> c.drop(List.of("name")).positive("c"));
        Pipeline weight = Pipeline.of(file.toString(), ModelSpec.parse("logistic"))
                .columns(c -> c.drop(List.of("name")).weight("x"));
        Pipeline numericClassWeights = Pipeline.of(file.toString(), ModelSpec.parse("linear")).target("x")
                .columns(c -> c.drop(List.of("name"))).classWeights(dev.descent.ml.data.ClassWeights.parse("balanced"));
        assertThatThrownBy(numericClassWeights::run).hasMessageContaining("class weights need a classifier");
        assertThatThrownBy(() -> onSpark(numericClassWeights, 2)).hasMessage(catchThrowable(numericClassWeights::run)
                .getMessage());
        for (Pipeline pipeline : List.of(crowded, gaps, positive, weight)) {
            String expected = localMessage(pipeline);
            assertThatThrownBy(() -> onSpark(pipeline, 2)).isInstanceOf(DataException.class).hasMessage(expected);
        }
        assertThat(localMessage(crowded)).contains("'name' has 300 distinct values");
        assertThat(localMessage(gaps)).contains("--missing error");
        assertThat(localMessage(weight)).contains("the weight is missing");
        // allowed more categories, the names train as locally
        Pipeline allowed = crowded.columns(c -> c.maxCategories(400)).split(0, 0);
        assertSameRun(onSpark(allowed, 2), allowed.run());
    }

    @Test
    void aSavedSparkModelPredictsLocallyWithItsEncoding() throws IOException {
        Pipeline pipeline = Pipeline.of("src/test/resources/tables/penguins-train.csv", ModelSpec.parse("softmax"))
                .target("species");
        Pipeline.Outcome spark = onSpark(pipeline, 2);
        Encoding encoding = spark.model().encoding();
        assertThat(encoding.categoricalNames()).contains("island", "sex");
        List<java.util.Map<String, String>> rows = List.of(java.util.Map.of("island", "Biscoe", "bill_length_mm",
                "48.7", "bill_depth_mm", "14.1", "flipper_length_mm", "210", "body_mass_g", "4450", "sex", "female",
                "year", "2007"), java.util.Map.of("island", "Dream", "bill_length_mm", "NA", "year", "2008"));
        Pipeline.Outcome local = pipeline.run();
        double[] expected = local.model().predict(local.model().inputs(rows, new java.util.ArrayList<>()));
        assertSameBits(spark.model().predict(spark.model().inputs(rows, new java.util.ArrayList<>())), expected);
    }
}
