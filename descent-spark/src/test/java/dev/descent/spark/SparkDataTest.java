package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.ml.Pipeline;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.Evaluation;
import dev.descent.ml.model.ModelSpec;
import dev.descent.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine reading data where it is: CSV files and folders, Parquet and a
 * {@code Dataset<Row>}, split, standardized and scored on the executors, against local training on
 * the same file (the reference), and refusing bad input with local training's messages.
 */
class SparkDataTest {
    static SparkSession spark;
    @TempDir
    static Path folder;
    static Path houses;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("descent-spark-data").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        houses = folder.resolve("houses.csv");
        Files.writeString(houses, housesCsv(0, 3000));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** House prices in raw units (m^2, rooms, years, currency) with noise: rows [from, to) of one seeded table. */
    static String housesCsv(int from, int to) {
        StringBuilder csv = new StringBuilder("area,rooms,age,price\n");
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < to; i++) {
            double area = 40 + 210 * random.nextDouble();
            int rooms = 1 + random.nextInt(7);
            double age = 80 * random.nextDouble();
            double price = 1500 * area + 12000 * rooms - 800 * age + 50000 + 20000 * (random.nextDouble() - 0.5);
            if (i >= from) {
                csv.append(String.format(Locale.ROOT, "%.2f,%d,%.1f,%.0f%n", area, rooms, age, price));
            }
        }
        return csv.toString();
    }

    static Pipeline.Outcome local(Pipeline pipeline) throws IOException {
        return pipeline.run();
    }

    static Pipeline.Outcome onSpark(Pipeline pipeline, int partitions) throws IOException {
        return pipeline.engine(SparkEngine.in(spark, partitions)).run();
    }

    static void assertSameBits(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToLongBits(actual[i])).as("parameter %d: %s vs %s", i, actual[i], expected[i])
                    .isEqualTo(Double.doubleToLongBits(expected[i]));
        }
    }

    static void assertClose(double[] actual, double[] expected, double relative) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("parameter %d", i).isLessThanOrEqualTo(relative * scale);
        }
    }

    static void assertSameEvaluations(Pipeline.Outcome actual, Pipeline.Outcome expected) {
        assertThat(actual.evaluations()).hasSameSizeAs(expected.evaluations());
        for (int i = 0; i < expected.evaluations().size(); i++) {
            Evaluation a = actual.evaluations().get(i);
            Evaluation e = expected.evaluations().get(i);
            assertThat(a.name()).isEqualTo(e.name());
            assertThat(a.rows()).isEqualTo(e.rows());
            assertThat(a.loss()).isEqualTo(e.loss());
            if (e.isRegression()) {
                assertThat(a.regression()).isEqualTo(e.regression());
            } else {
                assertThat(a.classification().confusionMatrix()).isEqualTo(e.classification().confusionMatrix());
            }
        }
    }

    @Test
    void aCsvFileTrainsToLocalTrainingsBitsWithTheSameSplitStandardizationAndScores() throws IOException {
        Pipeline pipeline = Pipeline.of(houses.toString(), ModelSpec.parse("linear")).target("price").split(0.2, 0.2);
        Pipeline.Outcome local = local(pipeline);
        Pipeline.Outcome spark = onSpark(pipeline, 2);
        assertSameBits(spark.model().standardizer().means(), local.model().standardizer().means());
        assertSameBits(spark.model().standardizer().deviations(), local.model().standardizer().deviations());
        assertSameBits(spark.model().parameters(), local.model().parameters());
        assertSameEvaluations(spark, local);
        assertThat(spark.data()).isEqualTo(local.data()).isEqualTo(
                "houses.csv (3000 rows, 3 features, target 'price')");
        assertThat(spark.evaluation("test").regression().r2()).isGreaterThan(0.9);
        // compared as bits: an epoch not monitored records NaN, on either engine
        assertThat(Double.doubleToLongBits(spark.training().history().get(0).validation().loss()))
                .isEqualTo(Double.doubleToLongBits(local.training().history().get(0).validation().loss()));
    }

    @Test
    void anMlpOnTheRawPriceStandardizesItsTargetOnTheExecutorsToLocalTrainingsBits() throws IOException {
        Pipeline pipeline = Pipeline.of(houses.toString(), ModelSpec.parse("mlp:8")).target("price").split(0.2, 0.2)
                .plan(p -> p.optimizer(dev.descent.optim.Lbfgs.defaults()).epochs(40));
        Pipeline.Outcome local = local(pipeline);
        Pipeline.Outcome spark = onSpark(pipeline, 3);
        assertThat(local.model().targetStandardizer()).isNotNull();
        assertSameBits(spark.model().targetStandardizer().means(), local.model().targetStandardizer().means());
        assertSameBits(spark.model().targetStandardizer().deviations(), local.model().targetStandardizer().deviations());
        assertSameBits(spark.model().parameters(), local.model().parameters());
        assertSameEvaluations(spark, local);
        // compared as bits: an epoch not monitored records NaN, on either engine
        assertThat(Double.doubleToLongBits(spark.training().history().get(39).validation().loss()))
                .isEqualTo(Double.doubleToLongBits(local.training().history().get(39).validation().loss()));
        assertThat(spark.evaluation("test").regression().rmse()).as("in the price's units").isBetween(3000.0, 30000.0);
        assertThat(spark.evaluation("test").regression().r2()).isGreaterThan(0.9);
    }

    @Test
    void aFolderOfFilesGivesTheSameBitsForAnyPartitionsAndInputSplitsAsItsFilesJoinedLocally() throws IOException {
        Path parts = Files.createDirectories(folder.resolve("parts"));
        // Named so that their order by name is not their order by size, which Spark packs splits by.
        Files.writeString(parts.resolve("a.csv"), housesCsv(0, 400));
        Files.writeString(parts.resolve("b.csv"), housesCsv(400, 2600));
        Files.writeString(parts.resolve("c.csv"), housesCsv(2600, 3000));
        Pipeline pipeline = Pipeline.of(parts.toString(), ModelSpec.parse("linear")).target("price").plan(p -> p.seed(3));
        double[] expected = local(Pipeline.of(houses.toString(), ModelSpec.parse("linear")).target("price").plan(p -> p.seed(3)))
                .model().parameters();
        for (int partitions : new int[] {1, 2, 7}) {
            assertSameBits(onSpark(pipeline, partitions).model().parameters(), expected);
        }
        spark.conf().set("spark.sql.files.maxPartitionBytes", "4096");
        try {
            assertSameBits(onSpark(pipeline, 3).model().parameters(), expected);
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
    }

    @Test
    void parquetAndADatasetOfRowsTrainAsTheCsvDoes() throws IOException {
        Pipeline pipeline = Pipeline.of(houses.toString(), ModelSpec.parse("linear")).target("price");
        double[] expected = local(pipeline).model().parameters();
        org.apache.spark.sql.Dataset<Row> table = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(houses.toString());
        Path parquet = folder.resolve("houses.parquet");
        table.coalesce(1).write().parquet(parquet.toString());
        assertSameBits(onSpark(Pipeline.of(parquet.toString(), ModelSpec.parse("linear")).target("price"), 2).model()
                .parameters(), expected);
        Pipeline.Outcome frame = Pipeline.of("houses", ModelSpec.parse("linear")).target("price")
                .engine(SparkEngine.over(table, 3)).run();
        assertSameBits(frame.model().parameters(), expected);
        assertThat(spark.sparkContext().isStopped()).as("the caller's session keeps running").isFalse();
    }

    @Test
    void classesByNameAndATestFileScoreAsLocally() throws IOException {
        Dataset iris = CsvDatasets.builtIn("iris", null, true);
        StringBuilder all = new StringBuilder();
        StringBuilder test = new StringBuilder();
        String header = String.join(",", iris.featureNames()) + ",species\n";
        all.append(header);
        test.append(header);
        for (int i = 0; i < iris.rows(); i++) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < iris.columns(); j++) {
                line.append(iris.feature(i, j)).append(',');
            }
            line.append(List.of("setosa", "versicolor", "virginica").get(iris.labels()[i])).append('\n');
            (i % 5 == 0 ? test : all).append(line);
        }
        Path train = Files.writeString(folder.resolve("iris-named.csv"), all);
        Path heldOut = Files.writeString(folder.resolve("iris-test.csv"), test);
        Pipeline pipeline = Pipeline.of(train.toString(), ModelSpec.parse("softmax")).testData(heldOut);
        Pipeline.Outcome local = local(pipeline);
        Pipeline.Outcome spark = onSpark(pipeline, 2);
        assertThat(spark.model().classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertClose(spark.model().parameters(), local.model().parameters(), 1e-12);
        assertThat(spark.evaluation("test").rows()).isEqualTo(30);
        assertThat(spark.evaluation("test").classification().confusionMatrix())
                .isEqualTo(local.evaluation("test").classification().confusionMatrix());
    }

    @Test
    void fixedSizeMiniBatchesAreLocalTrainingsRows() throws IOException {
        Pipeline pipeline = Pipeline.of("breast_cancer", ModelSpec.parse("logistic")).plan(p -> p.optimizer(new Adam(0.01)).batchSize(50).epochs(4));
        Pipeline.Outcome local = local(pipeline);
        Pipeline.Outcome spark = onSpark(pipeline, 3);
        assertClose(spark.model().parameters(), local.model().parameters(), 1e-12);
        assertThat(spark.training().history()).hasSize(4);
    }

    static String localMessage(String data, String target) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
                Pipeline.of(data, ModelSpec.parse("linear")).target(target).run());
        assertThat(thrown).isInstanceOf(DataException.class);
        return thrown.getMessage();
    }

    @Test
    void badInputIsRefusedWithLocalTrainingsMessageAndPlace() throws IOException {
        String good = housesCsv(0, 3000);
        String[] lines = good.split("\n");
        List<String> withBadCell = new ArrayList<>(List.of(lines));
        withBadCell.add(2100, "120.5,abc,3,200000");
        List<String> ragged = new ArrayList<>(List.of(lines));
        ragged.add(1700, "120.5,3,200000");
        Path bad = Files.write(folder.resolve("bad.csv"), withBadCell);
        Path short_ = Files.write(folder.resolve("ragged.csv"), ragged);
        Path empty = Files.writeString(folder.resolve("empty.csv"), "area,rooms,age,price\n");
        for (Path file : List.of(short_, empty)) {
            String expected = localMessage(file.toString(), "price");
            assertThatThrownBy(() -> onSpark(Pipeline.of(file.toString(), ModelSpec.parse("linear")).target("price"), 2))
                    .isInstanceOf(DataException.class).hasMessage(expected);
        }
        // a text cell makes its column categories, as local training reads it: the file trains to local training's bits
        Pipeline withText = Pipeline.of(bad.toString(), ModelSpec.parse("linear")).target("price");
        Pipeline.Outcome local = local(withText);
        assertThat(local.model().encoding().categoricalNames()).containsExactly("rooms");
        Pipeline.Outcome spark = onSpark(withText, 2);
        assertThat(spark.model().encoding()).isEqualTo(local.model().encoding());
        assertSameBits(spark.model().parameters(), local.model().parameters());
        assertThatThrownBy(() -> onSpark(Pipeline.of(houses.toString(), ModelSpec.parse("linear")).target("cost"), 2))
                .isInstanceOf(DataException.class).hasMessage(localMessage(houses.toString(), "cost"));
        assertThatThrownBy(() -> onSpark(Pipeline.of(folder.resolve("nowhere.csv").toString(), ModelSpec.parse("linear")), 2))
                .isInstanceOf(DataException.class).hasMessageContaining("nowhere.csv: no such file");
        org.apache.spark.sql.Dataset<Row> text = SparkDataTest.spark.read().option("header", "true").csv(bad.toString());
        Path parquet = folder.resolve("bad.parquet");
        text.coalesce(1).write().parquet(parquet.toString());
        assertSameBits(onSpark(Pipeline.of(parquet.toString(), ModelSpec.parse("linear")).target("price"), 2).model()
                .parameters(), local.model().parameters());
        assertThat(SparkDataTest.spark.sparkContext().isStopped()).isFalse();
    }
}
