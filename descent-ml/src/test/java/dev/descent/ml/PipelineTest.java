package dev.descent.ml;

import dev.descent.ml.train.TrainingPlan;
import dev.descent.ml.train.InvalidSetting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.StopReason;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.model.ModelSpec;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

    /** A newcomer's CSV: y = 3 x1 - 2 x2 + noise, raw units (x1 in the thousands), 200 rows. */
    static Path newcomersCsv(Path dir) throws IOException {
        return newcomersCsv(dir, 200);
    }

    /** The newcomer's CSV with {@code rows} rows (the first 200 are those of {@link #newcomersCsv(Path)}). */
    static Path newcomersCsv(Path dir, int rows) throws IOException {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("area,age,price\n");
        for (int i = 0; i < rows; i++) {
            double x1 = 500 + 3500 * random.nextDouble();
            double x2 = 80 * random.nextDouble();
            double y = 3 * x1 - 2 * x2 + 50 * random.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%.2f,%.2f,%.3f%n", x1, x2, y));
        }
        Path file = dir.resolve("houses.csv");
        Files.writeString(file, csv);
        return file;
    }

    /** R^2 on {@code rows} of the exact least-squares fit on {@code fit} (normal equations, solved directly). */
    static double leastSquaresR2(Dataset fit, Dataset rows) {
        int d = fit.columns() + 1;
        double[][] a = new double[d][d + 1];
        double[] x = fit.featuresView();
        double[] y = fit.targets();
        for (int i = 0; i < fit.rows(); i++) {
            double[] row = new double[d];
            for (int j = 0; j < d - 1; j++) {
                row[j] = x[i * (d - 1) + j];
            }
            row[d - 1] = 1;
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    a[j][k] += row[j] * row[k];
                }
                a[j][d] += row[j] * y[i];
            }
        }
        for (int p = 0; p < d; p++) { // Gauss-Jordan with partial pivoting
            int pivot = p;
            for (int r = p + 1; r < d; r++) {
                if (Math.abs(a[r][p]) > Math.abs(a[pivot][p])) {
                    pivot = r;
                }
            }
            double[] swap = a[p];
            a[p] = a[pivot];
            a[pivot] = swap;
            for (int r = 0; r < d; r++) {
                if (r != p) {
                    double factor = a[r][p] / a[p][p];
                    for (int c = p; c <= d; c++) {
                        a[r][c] -= factor * a[p][c];
                    }
                }
            }
        }
        double[] beta = new double[d];
        for (int j = 0; j < d; j++) {
            beta[j] = a[j][d] / a[j][j];
        }
        double mean = 0;
        for (double t : rows.targets()) {
            mean += t / rows.rows();
        }
        double residual = 0;
        double total = 0;
        for (int i = 0; i < rows.rows(); i++) {
            double prediction = beta[d - 1];
            for (int j = 0; j < d - 1; j++) {
                prediction += beta[j] * rows.feature(i, j);
            }
            residual += (rows.targets()[i] - prediction) * (rows.targets()[i] - prediction);
            total += (rows.targets()[i] - mean) * (rows.targets()[i] - mean);
        }
        return 1 - residual / total;
    }

    @Test
    void theDefaultsFitANewcomersRawCsvAsWellAsLeastSquares(@TempDir Path dir) throws IOException {
        Path file = newcomersCsv(dir);
        Pipeline.Outcome run = Pipeline.of(file.toString(), ModelSpec.parse("linear")).target("price").run();
        assertThat(run.optimizer()).isInstanceOf(Lbfgs.class);
        assertThat(run.batchSize()).isZero();
        assertThat(run.training().converged()).as(run.training().stopReason().toString()).isTrue();
        assertThat(run.training().epochs()).isLessThan(TrainingPlan.DEFAULT_EPOCHS);
        assertThat(run.warnings()).isEmpty();
        Split split = Split.of(CsvDatasets.read(file, "price", false), Pipeline.DEFAULT_VALIDATION, Pipeline.DEFAULT_TEST, 0);
        for (String name : new String[] {"train", "test"}) {
            Dataset rows = name.equals("train") ? split.train() : split.test();
            assertThat(run.evaluation(name).regression().r2()).as(name)
                    .isCloseTo(leastSquaresR2(split.train(), rows), org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(run.evaluation("test").regression().r2()).isGreaterThan(0.99);
    }

    @Test
    void anMlpDefaultsToAdamOnBatchesOf32() {
        Pipeline pipeline = Pipeline.of("iris", ModelSpec.parse("mlp:8"));
        assertThat(pipeline.plan().optimizer()).isEqualTo(new Adam(1e-3));
        assertThat(pipeline.plan().batchSize()).isEqualTo(32);
    }

    @Test
    void saysWhenARunEndsStillImprovingOrFitsWorseThanTheMean(@TempDir Path dir) throws IOException {
        Path file = newcomersCsv(dir);
        Pipeline.Outcome run = Pipeline.of(file.toString(), ModelSpec.parse("linear")).target("price").plan(p -> p.optimizer(new Adam(1e-3)).epochs(20)).run();
        assertThat(run.training().stopReason()).isEqualTo(StopReason.MAX_EPOCHS);
        assertThat(run.warnings()).hasSize(2);
        assertThat(run.warnings().get(0)).isEqualTo("still improving at epoch 20: raise the epoch budget (--epochs 40)");
        assertThat(run.warnings().get(1)).startsWith("R^2 = -").contains("predicts worse than their mean");
    }

    @Test
    void evaluatesOnTheUsersOwnTestFileInsteadOfASplit(@TempDir Path dir) throws IOException {
        Dataset iris = CsvDatasets.builtIn("iris", null, true);
        StringBuilder csv = new StringBuilder("petal_width,species,sepal_length,sepal_width,petal_length\n");
        for (int i = 0; i < 150; i += 10) { // another column order, and only some rows
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s%n", iris.feature(i, 3), iris.classNames().get(iris.labels()[i]),
                    iris.feature(i, 0), iris.feature(i, 1), iris.feature(i, 2)));
        }
        Path test = dir.resolve("mine.csv");
        Files.writeString(test, csv);
        Pipeline.Outcome run = Pipeline.of("iris", ModelSpec.softmax()).testData(test).run();
        Evaluation mine = run.evaluation("test");
        assertThat(mine.rows()).isEqualTo(15);
        // every row trains: nothing reads validation rows and the test rows are the file's
        assertThat(run.evaluation("train").rows()).isEqualTo(150);
        assertThat(run.hasEvaluation("validation")).isFalse();
        assertThat(mine.classification().classNames()).containsExactly("setosa", "versicolor", "virginica");
        Evaluation again = Evaluation.of("test", run.model(), CsvDatasets.read(test, "species", true));
        assertThat(again.loss()).isEqualTo(mine.loss());
        assertThat(again.classification().confusionMatrix()).isEqualTo(mine.classification().confusionMatrix());
        assertThat(mine.classification().accuracy()).isGreaterThan(0.9);
    }

    @Test
    void aFolderGivenToLocalTrainingSaysWhichEngineReadsFolders(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("parts");
        Files.createDirectory(folder);
        newcomersCsv(folder);
        assertThatThrownBy(() -> Pipeline.of(folder.toString(), ModelSpec.linear()).run())
                .isInstanceOf(DataException.class)
                .hasMessage(folder + ": a folder, and local training reads one CSV file (a folder of CSV files trains with "
                        + "--engine spark)");
        Path file = newcomersCsv(dir);
        assertThatThrownBy(() -> Pipeline.of(file.toString(), ModelSpec.linear()).testData(folder).run())
                .isInstanceOf(DataException.class)
                .hasMessage(folder + ": a folder, and local training reads one CSV file (a folder of CSV files trains with "
                        + "--engine spark)");
    }

    @Test
    void settingsThatDoNotFitTheDataNameTheSetting() {
        assertThatThrownBy(() -> Pipeline.of("iris", ModelSpec.linear()).run())
                .isInstanceOf(InvalidSetting.class).hasMessageContaining("the target 'species' has 3 classes")
                .extracting(e -> ((InvalidSetting) e).setting()).isEqualTo("model");
        assertThatThrownBy(() -> Pipeline.of("iris", ModelSpec.softmax()).plan(p -> p.batchSize(8)).run())
                .hasMessageContaining("does not apply to lbfgs");
        assertThatThrownBy(() -> Pipeline.of("iris", ModelSpec.softmax()).split(0.6, 0.4))
                .hasMessageContaining("sum below 1");
    }
}
