package dev.descent.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test file of a run trained with a weight column scores with its own rows' weights, as the training
 * rows weigh in the loss: its loss is the weighted mean log-loss, computed here from the model's own
 * probabilities, while the other scores stay counts of rows as for every split (Tally's contract, as
 * scikit-learn's metric functions without {@code sample_weight}).
 */
class WeightedTestFileTest {

    @TempDir
    Path dir;

    /** breast_cancer's rows {@code [from, to)} with a weight column {@code (i mod 3) + 1}, or without. */
    Path part(String name, int from, int to, boolean weights) throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/dev/descent/ml/data/breast_cancer.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        StringBuilder csv = new StringBuilder(lines.get(0)).append(weights ? ",w\n" : "\n");
        for (int i = from; i < to; i++) {
            csv.append(lines.get(1 + i)).append(weights ? "," + (i % 3 + 1) : "").append('\n');
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    @Test
    void theTestFileScoresWithItsWeights() throws IOException {
        Path train = part("train.csv", 0, 400, true);
        Path test = part("test.csv", 400, 569, true);
        Pipeline.Outcome run = Pipeline.of(train.toString(), ModelSpec.parse("logistic")).target("diagnosis")
                .columns(c -> c.weight("w")).testData(test).run();
        Dataset rows = run.model().rows(test, new ArrayList<>());
        double[] probabilities = run.model().predict(rows);
        int[] predicted = run.model().predictedClasses(probabilities);
        double weights = 0;
        double loss = 0;
        double correct = 0;
        for (int i = 0; i < rows.rows(); i++) {
            double w = (400 + i) % 3 + 1;
            int label = rows.labels()[i];
            weights += w;
            loss += w * -Math.log(probabilities[2 * i + label]);
            correct += predicted[i] == label ? 1 : 0;
        }
        Evaluation scored = run.evaluation("test");
        assertThat(scored.loss()).isCloseTo(loss / weights, within(1e-12));
        assertThat(scored.classification().accuracy()).isCloseTo(correct / rows.rows(), within(1e-12));
    }

    @Test
    void aTestFileWithoutTheWeightColumnIsRefusedByName() throws IOException {
        Path train = part("train.csv", 0, 400, true);
        Path test = part("test.csv", 400, 569, false);
        assertThatThrownBy(() -> Pipeline.of(train.toString(), ModelSpec.parse("logistic")).target("diagnosis")
                .columns(c -> c.weight("w")).testData(test).run())
                .isInstanceOf(DataException.class).hasMessageContaining("test.csv").hasMessageContaining("no weight column 'w'");
    }
}
