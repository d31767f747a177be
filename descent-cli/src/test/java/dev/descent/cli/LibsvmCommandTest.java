package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent train}, {@code predict} and {@code evaluate} on LIBSVM files (descent-ml's test files and
 * scikit-learn 1.2.1's reference, tools/reference/libsvm_reference.py): the model trained on
 * {@code train.svm} predicts {@code test.svm}'s probabilities as scikit-learn's {@code LogisticRegression(C=1)}
 * does, scores it, and bad input is named by file, line and column with exit code 2.
 */
class LibsvmCommandTest {

    static final Path FILES = Path.of("..", "descent-ml", "src", "test", "resources", "libsvm");

    static Properties reference() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(FILES.resolve("reference.properties"))) {
            p.load(in);
        }
        return p;
    }

    static double[] numbers(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** test.svm's labels, as written: -1 or +1. */
    static double[] testLabels() throws IOException {
        return Files.readAllLines(FILES.resolve("test.svm")).stream().filter(line -> !line.isBlank())
                .mapToDouble(line -> Double.parseDouble(line.split(" ")[0])).toArray();
    }

    static JsonNode json(Cli cli) throws IOException {
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        return new ObjectMapper().readTree(cli.out());
    }

    /** Trains scikit-learn's form (C = 1 on the weights as given) to a tight tolerance and saves the model. */
    static JsonNode train(Path model, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", FILES.resolve("train.svm").toString(),
                "--model", "logistic", "--no-standardize", "--test-data", FILES.resolve("test.svm").toString(),
                "--save", model.toString(), "--format", "json"));
        args.addAll(List.of(more));
        return json(Cli.run(args.toArray(String[]::new)));
    }

    @Test
    void trainsPredictsAndScoresALibsvmFileAsScikitLearn(@TempDir Path dir) throws IOException {
        Properties ref = reference();
        Path model = dir.resolve("model.json");
        JsonNode trained = train(model);
        assertThat(trained.get("coefficients").size()).isEqualTo(40);
        double[] coef = numbers(ref.getProperty("logistic.coef"));
        // the features are named by their index as the file writes it (one-based here)
        assertThat(trained.get("coefficients").get("1").asDouble()).isCloseTo(coef[0], within(1e-4));
        assertThat(trained.get("coefficients").get("40").asDouble()).isCloseTo(coef[39], within(1e-4));
        assertThat(trained.get("test").get("rows").asInt()).isEqualTo(60);
        // the saved model scales without centring: every mean 0
        JsonNode saved = new ObjectMapper().readTree(model.toFile());
        saved.get("standardizer").get("mean").forEach(mean -> assertThat(mean.asDouble()).isZero());

        Cli predict = Cli.run("predict", "--model", model.toString(), "--data", FILES.resolve("test.svm").toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        List<String> lines = predict.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("row,label,predicted,p_-1,p_1");
        double[] p1 = numbers(ref.getProperty("test.p1"));
        double[] labels = testLabels();
        assertThat(lines).hasSize(p1.length + 1);
        for (int i = 0; i < p1.length; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertThat(cells[0]).isEqualTo(Integer.toString(i + 1));
            assertThat(cells[1]).isEqualTo(labels[i] > 0 ? "1" : "-1");
            assertThat(Double.parseDouble(cells[4])).as("row %d", i + 1).isCloseTo(p1[i], within(1e-5));
            assertThat(cells[2]).isEqualTo(p1[i] >= 0.5 ? "1" : "-1");
        }

        JsonNode scored = json(Cli.run("evaluate", "--model", model.toString(), "--data",
                FILES.resolve("test.svm").toString(), "--format", "json"));
        double correct = 0;
        double logLoss = 0;
        for (int i = 0; i < p1.length; i++) {
            correct += (p1[i] >= 0.5) == (labels[i] > 0) ? 1 : 0;
            logLoss -= Math.log(labels[i] > 0 ? p1[i] : 1 - p1[i]) / p1.length;
        }
        assertThat(scored.get("rows").asInt()).isEqualTo(60);
        assertThat(scored.get("accuracy").asDouble()).isEqualTo(correct / p1.length);
        assertThat(scored.get("loss").asDouble()).isCloseTo(logLoss, within(1e-5));
        // the run's own test figures are the evaluation of the same rows
        assertThat(scored.get("accuracy").asDouble()).isEqualTo(trained.get("test").get("accuracy").asDouble());
    }

    @Test
    void anotherExtensionIsReadAsLibsvmWhenTold(@TempDir Path dir) throws IOException {
        Path rows = dir.resolve("rows.txt");
        Files.copy(FILES.resolve("train.svm"), rows);
        Path model = dir.resolve("model.json");
        JsonNode trained = json(Cli.run("train", "--data", rows.toString(), "--data-format", "libsvm", "--model", "logistic",
                "--save", model.toString(), "--format", "json"));
        assertThat(trained.get("coefficients").has("37")).isTrue();
        Cli csv = Cli.run("train", "--data", rows.toString(), "--model", "logistic");
        assertThat(csv.exitCode()).isEqualTo(2);
        Cli predict = Cli.run("predict", "--model", model.toString(), "--data", rows.toString(), "--data-format", "libsvm",
                "--format", "json");
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(predict.out()).get("rows").get(0);
        assertThat(first.get("row").asText()).isEqualTo("1");
        assertThat(first.has("p_1")).isTrue();
        Cli unknown = Cli.run("train", "--data", rows.toString(), "--data-format", "arff", "--model", "logistic");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--data-format: 'arff' is not a data format: csv or libsvm");
    }

    @Test
    void aLinearModelFitsTheLabelsAsNumbers() throws IOException {
        JsonNode trained = json(Cli.run("train", "--data", FILES.resolve("train.svm").toString(), "--model", "linear",
                "--format", "json"));
        assertThat(trained.has("classes")).isFalse();
        assertThat(trained.get("test").has("rmse")).isTrue();
        assertThat(trained.get("target").asText()).isEqualTo("label");
    }

    @Test
    void badInputIsNamedByFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.svm");
        Files.writeString(bad, "1 1:0.5 2:1\n-1 3:x\n");
        Cli train = Cli.run("train", "--data", bad.toString(), "--model", "logistic");
        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.err()).contains(bad + ":2:6: 'x' is not a value (a finite number)");

        Path model = dir.resolve("model.json");
        train(model);
        Path wide = dir.resolve("wide.svm");
        Files.writeString(wide, "1 1:0.5\n\n-1 2:1 41:3\n");
        for (String command : List.of("predict", "evaluate")) {
            Cli refused = Cli.run(command, "--model", model.toString(), "--data", wide.toString());
            assertThat(refused.exitCode()).as(command).isEqualTo(2);
            assertThat(refused.err()).as(command).contains(wide + ":3:8: feature index 41 is beyond the 40 features the "
                    + "model reads");
        }
        // a model of named columns does not read a LIBSVM file
        Path csvModel = dir.resolve("iris.json");
        assertThat(Cli.run("train", "--data", "iris", "--model", "softmax", "--save", csvModel.toString()).exitCode())
                .isZero();
        Cli mismatch = Cli.run("predict", "--model", csvModel.toString(), "--data", FILES.resolve("test.svm").toString());
        assertThat(mismatch.exitCode()).isEqualTo(2);
        assertThat(mismatch.err()).contains("the model reads the named columns of a table");
    }

    @Test
    void optionsForNamedColumnsAreRefused() {
        Cli drop = Cli.run("train", "--data", FILES.resolve("train.svm").toString(), "--model", "logistic", "--drop", "3",
                "--target", "label");
        assertThat(drop.exitCode()).isEqualTo(2);
        assertThat(drop.err()).contains("--target, --drop: a LIBSVM file has no named columns");
    }
}
