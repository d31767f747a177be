package dev.descent.cli;

import static dev.descent.cli.TrainCommandTest.assertError;
import static dev.descent.cli.TrainCommandTest.concat;
import static dev.descent.cli.TrainCommandTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.ml.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --ema} and {@code --swa-start}: the saved and evaluated model is the average of the weights. */
class AveragingCommandTest {

    /** y = 2 a - b + c / 2 + noise, 120 rows. */
    static Path rows(Path dir, String name, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < 120; i++) {
            double a = random.nextGaussian(), b = random.nextGaussian(), c = random.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f%n", a, b, c, 2 * a - b + c / 2 + 0.3 * random.nextGaussian()));
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void emaSavesTheAverageOfTheIteratesAndReportsItsEvaluation(@TempDir Path dir) throws IOException {
        Path data = rows(dir, "train.csv", 1);
        Path test = rows(dir, "test.csv", 2);
        // full-batch SGD: one update an epoch, so the run of k epochs saves the k-th iterate
        String[] common = {"train", "--data", data.toString(), "--model", "linear", "--optimizer", "sgd", "--lr", "0.05",
            "--batch-size", "0", "--test-data", test.toString(), "--format", "json"};
        int epochs = 8;
        double decay = 0.75;
        double[] expected = null;
        for (int k = 1; k <= epochs; k++) {
            Path saved = dir.resolve("epochs-" + k + ".json");
            json(Cli.run(concat(common, "--epochs", "" + k, "--save", saved.toString())));
            double[] theta = SavedModel.read(saved).parameters();
            if (expected == null) {
                expected = theta;   // the first update is copied
            } else {
                for (int i = 0; i < theta.length; i++) {
                    expected[i] = decay * expected[i] + (1 - decay) * theta[i];
                }
            }
        }
        Path ema = dir.resolve("ema.json");
        JsonNode report = json(Cli.run(concat(common, "--epochs", "" + epochs, "--ema", "" + decay, "--save", ema.toString())));
        double[] averaged = SavedModel.read(ema).parameters();
        assertThat(averaged).containsExactly(expected);
        double[] last = SavedModel.read(dir.resolve("epochs-" + epochs + ".json")).parameters();
        assertThat(averaged).isNotEqualTo(last);

        JsonNode averaging = report.get("averaging");
        assertThat(averaging.get("rule").asText()).isEqualTo("ema");
        assertThat(averaging.get("decay").asDouble()).isEqualTo(decay);
        assertThat(averaging.get("averaged").asLong()).isEqualTo(epochs);
        assertThat(averaging.get("isModel").asBoolean()).isTrue();

        // the test scores train reports are the averaged model's, as evaluate computes them from the saved file
        JsonNode ofAverage = json(Cli.run("evaluate", "--model", ema.toString(), "--data", test.toString(), "--format", "json"));
        JsonNode ofLast = json(Cli.run("evaluate", "--model", dir.resolve("epochs-" + epochs + ".json").toString(), "--data",
                test.toString(), "--format", "json"));
        assertThat(report.get("test").get("rmse")).isEqualTo(ofAverage.get("rmse"));
        assertThat(report.get("test").get("loss")).isEqualTo(ofAverage.get("loss"));
        assertThat(ofAverage.get("rmse").asDouble()).isNotEqualTo(ofLast.get("rmse").asDouble());

        Cli text = Cli.run(concat(java.util.Arrays.copyOf(common, common.length - 2), "--epochs", "" + epochs, "--ema", "0.75"));
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("  the model is the EMA of the weights (decay 0.75) over 8 updates\n");
    }

    @Test
    void swaSavesTheMeanOfTheEpochEndWeightsFromItsStart(@TempDir Path dir) throws IOException {
        Path data = rows(dir, "train.csv", 3);
        String[] common = {"train", "--data", data.toString(), "--model", "linear", "--optimizer", "adam", "--lr", "0.05",
            "--batch-size", "16", "--seed", "4", "--format", "json"};
        // the parameters at the end of epoch k are those a run of k epochs saves: epochs 5, 6, 7 averaged
        double[] expected = null;
        for (int k = 5; k <= 7; k++) {
            Path saved = dir.resolve("epochs-" + k + ".json");
            json(Cli.run(concat(common, "--epochs", "" + k, "--save", saved.toString())));
            double[] theta = SavedModel.read(saved).parameters();
            if (expected == null) {
                expected = theta;
            } else {
                for (int i = 0; i < theta.length; i++) {
                    expected[i] = expected[i] + (theta[i] - expected[i]) / (k - 4);
                }
            }
        }
        Path swa = dir.resolve("swa.json");
        JsonNode report = json(Cli.run(concat(common, "--epochs", "7", "--swa-start", "5", "--save", swa.toString())));
        assertThat(SavedModel.read(swa).parameters()).containsExactly(expected);
        assertThat(report.get("averaging").get("averaged").asLong()).isEqualTo(3);
        Cli text = Cli.run("train", "--data", data.toString(), "--model", "linear", "--optimizer", "adam", "--lr", "0.05",
                "--batch-size", "16", "--seed", "4", "--epochs", "7", "--swa-start", "5");
        assertThat(text.out()).contains("  the model is the SWA average of the weights at the end of epochs 5 to 7\n");
    }

    @Test
    void aResumedAveragedRunSavesTheSameBits(@TempDir Path dir) throws IOException {
        Path whole = dir.resolve("whole.json");
        Path checkpoint = dir.resolve("run.ckpt");
        Path resumed = dir.resolve("resumed.json");
        for (String[] averaging : new String[][] {{"--ema", "0.99"}, {"--swa-start", "4"}}) {
            String[] common = concat(new String[] {"train", "--data", "iris", "--model", "mlp:8", "--optimizer", "adam",
                "--lr", "0.01", "--batch-size", "16", "--seed", "3", "--format", "json"}, averaging);
            json(Cli.run(concat(common, "--epochs", "12", "--save", whole.toString())));
            json(Cli.run(concat(common, "--epochs", "6", "--checkpoint", checkpoint.toString())));
            JsonNode result = json(Cli.run(concat(common, "--epochs", "12", "--resume", checkpoint.toString(), "--save",
                    resumed.toString())));
            assertThat(result.get("averaging").get("isModel").asBoolean()).isTrue();
            assertThat(SavedModel.read(resumed).parameters()).as(averaging[0]).containsExactly(SavedModel.read(whole).parameters());
        }
        assertError(Cli.run("train", "--data", "iris", "--model", "mlp:8", "--optimizer", "adam", "--lr", "0.01",
                "--batch-size", "16", "--seed", "3", "--epochs", "12", "--resume", checkpoint.toString()),
                "the checkpoint was made averaging the weights (swa from epoch 4); resuming needs the same (got no averaging)");
    }

    @Test
    void badValuesNameTheOptionAndItsRange() {
        String[] common = {"train", "--data", "iris", "--model", "softmax", "--epochs", "30"};
        assertError(Cli.run(concat(common, "--ema", "1")), "--ema must be in (0, 1): 1.0");
        assertError(Cli.run(concat(common, "--ema", "0")), "--ema must be in (0, 1): 0.0");
        assertError(Cli.run(concat(common, "--ema", "-0.5")), "--ema must be in (0, 1): -0.5");
        assertError(Cli.run(concat(common, "--swa-start", "0")), "--swa-start must be in [1, 30] (1 to --epochs): 0");
        assertError(Cli.run(concat(common, "--swa-start", "31")), "--swa-start must be in [1, 30] (1 to --epochs): 31");
        assertError(Cli.run(concat(common, "--ema", "0.9", "--swa-start", "3")), "--ema and --swa-start exclude each other");
    }
}
