package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    static JsonNode json(Cli cli) throws IOException {
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        return new ObjectMapper().readTree(cli.out());
    }

    @Test
    void dtypeF32TrainsAnMlpInFloat32AndTheSavedModelAndCheckpointSaySo(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("digits.json");
        Path checkpoint = dir.resolve("digits.ckpt");
        JsonNode result = json(Cli.run("train", "--data", "digits", "--model", "mlp:32", "--dtype", "f32", "--epochs", "20",
                "--save", model.toString(), "--checkpoint", checkpoint.toString(), "--format", "json"));
        assertThat(result.get("model").asText()).isEqualTo("mlp:32:relu:f32");
        assertThat(result.get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(new ObjectMapper().readTree(model.toFile()).get("model").asText()).isEqualTo("mlp:32:relu:f32");
        // resuming the float32 checkpoint as float64 is refused, naming both
        Cli mismatched = Cli.run("train", "--data", "digits", "--model", "mlp:32", "--epochs", "30", "--resume",
                checkpoint.toString());
        assertThat(mismatched.exitCode()).isNotZero();
        assertThat(mismatched.err()).contains("mlp:32:relu:f32");
        Cli resumed = Cli.run("train", "--data", "digits", "--model", "mlp:32", "--dtype", "f32", "--epochs", "22", "--resume",
                checkpoint.toString(), "--format", "json");
        assertThat(json(resumed).get("history")).hasSize(22);
    }

    @Test
    void dtypeNamesWhatItTakes() {
        Cli unknown = Cli.run("train", "--data", "digits", "--model", "mlp:32", "--dtype", "f16");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--dtype: 'f16' is not f64 or f32");
        Cli linear = Cli.run("train", "--data", "diabetes", "--model", "linear", "--dtype", "f32");
        assertThat(linear.exitCode()).isEqualTo(2);
        assertThat(linear.err()).contains("--dtype: f32 applies to mlp models; linear trains in f64");
    }

    @Test
    void anExplicitDtypeOverridesTheSpecsAndTheSpecsStandsWithoutOne() throws IOException {
        JsonNode overridden = json(Cli.run("train", "--data", "iris", "--model", "mlp:4:f32", "--dtype", "f64", "--epochs", "1",
                "--format", "json"));
        assertThat(overridden.get("model").asText()).isEqualTo("mlp:4:relu");
        JsonNode kept = json(Cli.run("train", "--data", "iris", "--model", "mlp:4:f32", "--epochs", "1", "--format", "json"));
        assertThat(kept.get("model").asText()).isEqualTo("mlp:4:relu:f32");
    }

    @Test
    void trainsSavesAndPredicts(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("iris.json");
        Path plot = dir.resolve("loss.png");
        JsonNode result = json(Cli.run("train", "--data", "iris", "--model", "softmax", "--optimizer", "lbfgs", "--l2", "1e-3",
                "--epochs", "100", "--save", model.toString(), "--plot", plot.toString(), "--format", "json"));
        assertThat(result.get("model").asText()).isEqualTo("softmax");
        assertThat(result.get("history")).hasSizeLessThanOrEqualTo(100);
        assertThat(result.get("history").get(0).get("train").get("loss").asDouble()).isGreaterThan(0);
        assertThat(result.get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        // nothing reads validation rows in this run, so none are held out
        assertThat(result.has("validation")).isFalse();
        assertThat(ImageIO.read(plot.toFile()).getWidth()).isEqualTo(1100);

        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "petal_width,sepal_length,sepal_width,petal_length,extra\n0.2,5.1,3.5,1.4,x\n2.3,6.7,3.0,5.2,y\n");
        Path predictions = dir.resolve("predictions.csv");
        Cli predict = Cli.run("predict", "--model", model.toString(), "--data", rows.toString(), "-o", predictions.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        List<String> lines = Files.readAllLines(predictions);
        // every input column, the unused one too, then the prediction and the probabilities
        assertThat(lines.get(0)).isEqualTo("petal_width,sepal_length,sepal_width,petal_length,extra,predicted,p_setosa,"
                + "p_versicolor,p_virginica");
        assertThat(lines.get(1)).startsWith("0.2,5.1,3.5,1.4,x,setosa,");
        assertThat(lines.get(2)).startsWith("2.3,6.7,3.0,5.2,y,virginica,");
        String[] probabilities = lines.get(1).split(",");
        double sum = Double.parseDouble(probabilities[6]) + Double.parseDouble(probabilities[7]) + Double.parseDouble(probabilities[8]);
        assertThat(sum).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void regressionReportsRmseAndR2() throws IOException {
        JsonNode result = json(Cli.run("train", "--data", "diabetes", "--model", "linear", "--optimizer", "lbfgs", "--epochs", "50",
                "--format", "json"));
        assertThat(result.get("test").get("r2").asDouble()).isBetween(0.3, 0.7);
        assertThat(result.get("test").get("rmse").asDouble()).isBetween(40.0, 70.0);
        Cli text = Cli.run("train", "--data", "diabetes", "--model", "mlp:16:tanh", "--epochs", "5");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("mlp:16:tanh").contains("rmse").contains("r2");
    }

    @Test
    void resumeFinishesWithTheSameBitsAsOneRun(@TempDir Path dir) throws IOException {
        Path whole = dir.resolve("whole.json");
        Path checkpoint = dir.resolve("run.ckpt");
        Path resumed = dir.resolve("resumed.json");
        String[] common = {"train", "--data", "iris", "--model", "mlp:8", "--optimizer", "adam", "--lr", "0.01",
            "--batch-size", "16", "--seed", "3", "--format", "json"};
        json(Cli.run(concat(common, "--epochs", "12", "--save", whole.toString())));
        json(Cli.run(concat(common, "--epochs", "5", "--checkpoint", checkpoint.toString())));
        JsonNode result = json(Cli.run(concat(common, "--epochs", "12", "--resume", checkpoint.toString(), "--save",
                resumed.toString())));
        assertThat(result.get("history")).hasSize(12);
        JsonNode a = new ObjectMapper().readTree(whole.toFile()).get("parameters");
        JsonNode b = new ObjectMapper().readTree(resumed.toFile()).get("parameters");
        assertThat(b).isEqualTo(a);
    }

    /** A newcomer's CSV in raw units: area in square feet, rooms, and a price of 40000 + 150 area + 9000 rooms + noise (sd 15000). */
    static Path housePrices(Path dir, int count) throws IOException {
        Path csv = dir.resolve("my.csv");
        java.util.Random random = new java.util.Random(3);
        StringBuilder rows = new StringBuilder("area,rooms,price\n");
        for (int i = 0; i < count; i++) {
            double area = 400 + 3000 * random.nextDouble();
            int rooms = 1 + random.nextInt(6);
            rows.append(String.format(java.util.Locale.ROOT, "%.1f,%d,%.2f%n", area, rooms,
                    40000 + 150 * area + 9000 * rooms + 15000 * random.nextGaussian()));
        }
        Files.writeString(csv, rows);
        return csv;
    }

    @Test
    void aNewcomersFirstRunOnRawUnitsFitsWithTheDefaults(@TempDir Path dir) throws IOException {
        Path csv = housePrices(dir, 300);
        Cli text = Cli.run("train", "--data", csv.toString(), "--target", "price", "--model", "linear");
        assertThat(text.exitCode()).isZero();
        assertThat(text.err()).as("a good run warns of nothing").isEmpty();
        assertThat(text.out()).contains("with lbfgs m=10, full batch").containsPattern("stopped after \\d+ epochs: (GRADIENT|VALUE)_TOLERANCE");
        JsonNode result = json(Cli.run("train", "--data", csv.toString(), "--target", "price", "--model", "linear",
                "--format", "json"));
        assertThat(result.get("converged").asBoolean()).isTrue();
        assertThat(result.get("test").get("r2").asDouble()).isGreaterThan(0.95);
        assertThat(result.get("warnings")).isEmpty();

        Cli adam = Cli.run("train", "--data", csv.toString(), "--target", "price", "--model", "linear", "--optimizer", "adam",
                "--epochs", "10");
        assertThat(adam.exitCode()).isZero();
        assertThat(adam.err()).contains("warning: still improving at epoch 10: raise the epoch budget (--epochs 20)")
                .contains("warning: R^2 = -");
        assertThat(adam.err().split("still improving", -1)).as("each warning once").hasSize(2);

        Cli quiet = Cli.run("train", "--data", csv.toString(), "--target", "price", "--model", "linear", "--optimizer",
                "adam", "--epochs", "10", "--quiet");
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.err()).as("a quiet run's stderr").isEmpty();
        assertThat(quiet.out()).contains("  warning: still improving at epoch 10: raise the epoch budget (--epochs 20)");
    }

    /** An MLP on a price in raw units: fitted standardized, reported and predicted in the price's units. */
    @Test
    void anMlpOnARawUnitTargetFitsItStandardizedAndPredictsInItsUnits(@TempDir Path dir) throws IOException {
        Path csv = housePrices(dir, 1000);
        Path model = dir.resolve("mlp.json");
        Cli text = Cli.run("train", "--data", csv.toString(), "--model", "mlp:16", "--save", model.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("fitted on 'price' standardized on the training rows \\(mean 3\\d{5}, std");
        JsonNode result = json(Cli.run("train", "--data", csv.toString(), "--model", "mlp:16", "--format", "json"));
        assertThat(result.get("targetStandardized").get("std").asDouble()).isBetween(1e5, 2e5);
        assertThat(result.get("test").get("r2").asDouble()).isGreaterThan(0.95);
        assertThat(result.get("test").get("rmse").asDouble()).as("noise sd 15000").isBetween(14000.0, 30000.0);
        JsonNode raw = json(Cli.run("train", "--data", csv.toString(), "--model", "mlp:16", "--no-standardize-target",
                "--format", "json"));
        assertThat(raw.has("targetStandardized")).isFalse();
        assertThat(raw.get("test").get("r2").asDouble()).isNegative();
        assertThat(raw.get("warnings").toString()).contains("predicts worse than their mean");

        Path one = dir.resolve("one.csv");
        Files.writeString(one, "rooms,area\n3,2000\n");
        Path predictions = dir.resolve("predictions.csv");
        Cli predict = Cli.run("predict", "--model", model.toString(), "--data", one.toString(), "-o", predictions.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        String row = Files.readAllLines(predictions).get(1);
        double price = Double.parseDouble(row.substring(row.lastIndexOf(',') + 1));
        assertThat(price).as("40000 + 150 * 2000 + 9000 * 3").isBetween(367000 - 30000.0, 367000 + 30000.0);
    }

    @Test
    void evaluatesASavedModelOnTheUsersRowsAsTrainDid(@TempDir Path dir) throws IOException {
        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n"
                + "6.7,3.0,5.2,2.3,virginica\n5.9,3.0,4.2,1.5,versicolor\n6.3,2.5,4.9,1.5,versicolor\n");
        Path model = dir.resolve("iris.json");
        JsonNode trained = json(Cli.run("train", "--data", "iris", "--model", "softmax", "--test-data", rows.toString(),
                "--save", model.toString(), "--format", "json"));
        assertThat(trained.get("test").get("rows").asInt()).isEqualTo(4);
        JsonNode evaluated = json(Cli.run("evaluate", "--model", model.toString(), "--data", rows.toString(), "--format", "json"));
        assertThat(evaluated.get("loss")).isEqualTo(trained.get("test").get("loss"));
        assertThat(evaluated.get("confusionMatrix")).isEqualTo(trained.get("test").get("confusionMatrix"));
        assertThat(evaluated.get("classes")).hasSize(3);
        assertThat(evaluated.get("classes").get(0).get("label").asText()).isEqualTo("setosa");
        assertThat(evaluated.get("macroAverage").has("f1")).isTrue();
        Cli text = Cli.run("evaluate", "--model", model.toString(), "--data", rows.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("precision", "recall", "f1-score", "weighted avg", "confusion matrix");
        Path wrong = dir.resolve("wrong.csv");
        Files.writeString(wrong, "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,daisy\n");
        assertError(Cli.run("evaluate", "--model", model.toString(), "--data", wrong.toString()),
                "class 'daisy' of the target 'species' is not one the model knows (setosa, versicolor, virginica)");
    }

    @Test
    void theSparkEngineTrainsTheSameModelToTheBit(@TempDir Path dir) throws IOException {
        Path local = dir.resolve("local.json");
        Path spark = dir.resolve("spark.json");
        json(Cli.run("train", "--data", "breast_cancer", "--model", "logistic", "--l2", "1e-3", "--save", local.toString(),
                "--format", "json"));
        JsonNode result = json(Cli.run("train", "--data", "breast_cancer", "--model", "logistic", "--l2", "1e-3",
                "--engine", "spark", "--master", "local[2]", "--partitions", "3", "--save", spark.toString(), "--format", "json"));
        assertThat(result.get("engine").asText()).isEqualTo("spark local[2], 3 partitions");
        assertThat(result.get("converged").asBoolean()).isTrue();
        assertThat(new ObjectMapper().readTree(spark.toFile()).get("parameters"))
                .isEqualTo(new ObjectMapper().readTree(local.toFile()).get("parameters"));
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--master", "local[2]"),
                "--master applies to --engine spark only");
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--engine", "flink"),
                "--engine must be local or spark: flink");
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--engine", "spark", "--partitions", "0"),
                "--partitions must be at least 1: 0");
        // bad data is refused as in local training, before Spark starts
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b,y\n1,2,3\n1,1e400,4\n");
        assertError(Cli.run("train", "--data", ragged.toString(), "--model", "linear", "--engine", "spark"),
                ragged + ":3:2: '1e400' is out of range for a double");
        assertError(Cli.run("train", "--data", ragged.toString(), "--target", "price", "--model", "linear", "--engine",
                "spark"), "no target column 'price' (columns: a, b, y)");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "a,b,y\n");
        assertError(Cli.run("train", "--data", empty.toString(), "--model", "linear", "--engine", "spark"),
                "no data rows after the header");
        // refused by a connection probe, before Spark would retry its registration for a minute
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--engine", "spark", "--master",
                "spark://127.0.0.1:1"), "--master: cannot reach the Spark master at 127.0.0.1:1");
    }

    static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void badInputNamesTheProblem(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("digits.csv");
        Files.writeString(csv, "a,b,c,d,e,label\n1,2,3,4,5,0\n1,2,3,4,1e400,1\n");
        assertError(Cli.run("train", "--data", csv.toString(), "--model", "logistic"),
                csv + ":3:5: '1e400' is out of range for a double");
        assertError(Cli.run("train", "--data", "iris", "--model", "logistic"),
                "--model: a logistic model needs exactly 2 classes; the target 'species' has 3 classes (use softmax");
        assertError(Cli.run("train", "--data", "iris", "--model", "linear"), "--model: a linear model needs a numeric target; the target 'species' has 3 classes");
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--target", "colour"),
                "no target column 'colour' (columns: sepal_length, sepal_width, petal_length, petal_width, species)");
        assertError(Cli.run("train", "--data", "mnist", "--model", "softmax"), "mnist: no such file, and not a built-in dataset (built in: iris");
        Cli folder = Cli.run("train", "--data", dir.toString(), "--model", "linear");
        assertThat(folder.exitCode()).isEqualTo(2);
        assertThat(folder.err()).isEqualTo("descent train: " + dir + ": a folder, and local training reads one CSV file (a folder "
                + "of CSV files trains with --engine spark)" + System.lineSeparator());
        assertError(Cli.run("train", "--data", "iris", "--model", "mlp:six"), "--model: hidden width 'six' is not a whole number");
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--optimizer", "lbfgs", "--batch-size", "8"),
                "--batch-size: the batch size does not apply to lbfgs");
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--validation", "0.7", "--test", "0.5"),
                "--validation/--test: validation and test fractions must be in [0, 1) with a sum below 1: 0.7 and 0.5");
        Path broken = dir.resolve("broken.ckpt");
        Files.writeString(broken, "not a checkpoint, just some text long enough");
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--resume", broken.toString()),
                "not a descent checkpoint");
        Path model = dir.resolve("m.json");
        Files.writeString(model, "{\"format\": \"descent-model/1\", ");
        assertError(Cli.run("predict", "--model", model.toString(), "--data", csv.toString()), "not valid JSON");
    }

    static void assertError(Cli cli, String message) {
        assertThat(cli.exitCode()).as(cli.out()).isEqualTo(2);
        assertThat(cli.err()).contains(message);
    }
}
