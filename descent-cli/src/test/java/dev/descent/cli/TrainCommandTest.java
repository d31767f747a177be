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
    void trainsSavesAndPredicts(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("iris.json");
        Path plot = dir.resolve("loss.png");
        JsonNode result = json(Cli.run("train", "--data", "iris", "--model", "softmax", "--optimizer", "lbfgs", "--l2", "1e-3",
                "--epochs", "100", "--save", model.toString(), "--plot", plot.toString(), "--format", "json"));
        assertThat(result.get("model").asText()).isEqualTo("softmax");
        assertThat(result.get("history")).hasSizeLessThanOrEqualTo(100);
        assertThat(result.get("history").get(0).get("train").get("loss").asDouble()).isGreaterThan(0);
        assertThat(result.get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(result.get("validation").has("accuracy")).isTrue();
        assertThat(ImageIO.read(plot.toFile()).getWidth()).isEqualTo(1100);

        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "petal_width,sepal_length,sepal_width,petal_length,extra\n0.2,5.1,3.5,1.4,x\n2.3,6.7,3.0,5.2,y\n");
        Path predictions = dir.resolve("predictions.csv");
        Cli predict = Cli.run("predict", "--model", model.toString(), "--data", rows.toString(), "-o", predictions.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines.get(0)).isEqualTo("predicted,p_setosa,p_versicolor,p_virginica");
        assertThat(lines.get(1)).startsWith("setosa,");
        assertThat(lines.get(2)).startsWith("virginica,");
        String[] probabilities = lines.get(1).split(",");
        double sum = Double.parseDouble(probabilities[1]) + Double.parseDouble(probabilities[2]) + Double.parseDouble(probabilities[3]);
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

    static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void badInputNamesTheProblem(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("digits.csv");
        Files.writeString(csv, "a,b,c,d,e,label\n1,2,3,4,5,0\n1,2,3,4,abc,1\n");
        assertError(Cli.run("train", "--data", csv.toString(), "--model", "logistic"), csv + ":3:5: 'abc' is not a number");
        assertError(Cli.run("train", "--data", "iris", "--model", "logistic"),
                "--model logistic needs exactly 2 classes; 'species' has 3 (use softmax)");
        assertError(Cli.run("train", "--data", "iris", "--model", "linear"), "--model linear needs a numeric target");
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--target", "colour"),
                "no target column 'colour' (columns: sepal_length, sepal_width, petal_length, petal_width, species)");
        assertError(Cli.run("train", "--data", "mnist", "--model", "softmax"), "--data: unknown dataset 'mnist'");
        assertError(Cli.run("train", "--data", "iris", "--model", "mlp:six"), "--model: hidden size 'six' is not a whole number");
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--optimizer", "lbfgs", "--batch-size", "8"),
                "--batch-size does not apply to lbfgs");
        assertError(Cli.run("train", "--data", "iris", "--model", "softmax", "--validation", "0.7", "--test", "0.5"),
                "--validation/--test: validation and test fractions must be in [0, 1) with a sum below 1");
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
