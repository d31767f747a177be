package dev.descent.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.data.SvmLight;
import dev.descent.ml.model.ModelSpec;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on LIBSVM files end to end: the sparse rows against scikit-learn 1.2.1 on
 * {@code load_svmlight_file}'s rows (tools/reference/libsvm_reference.py: {@code StandardScaler(with_mean=False)}'s
 * scales, {@code LogisticRegression(C=1)}'s optimum polished to a gradient of 3e-10, its probabilities on a
 * narrower test file) and against the same rows given dense through the CSV path; the saved model's round trip;
 * and a file far wider than a dense copy could be, trained with memory that follows its nonzeros.
 */
class LibsvmTrainingTest {

    static Properties reference() throws IOException {
        Properties p = new Properties();
        try (InputStream in = LibsvmTrainingTest.class.getResourceAsStream("/libsvm/reference.properties")) {
            p.load(in);
        }
        return p;
    }

    static double[] numbers(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    static Path file(String name) throws Exception {
        return Path.of(LibsvmTrainingTest.class.getResource("/libsvm/" + name).toURI());
    }

    /** A logistic fit on every row with the penalty on the weights as given (scikit-learn's form), to a tight gradient. */
    static Pipeline logistic(Path data) {
        return Pipeline.of(data.toString(), ModelSpec.parse("logistic")).split(0, 0).standardization(false)
                .plan(plan -> plan.epochs(100_000).convergence(StoppingRules.gradientNorm(1e-13)));
    }

    @Test
    void sparseColumnsAreScaledWithoutCenteringAsScikitLearnScalesThem() throws Exception {
        Properties ref = reference();
        Dataset rows = SvmLight.read(file("train.svm")).dataset("train.svm", false, null);
        Standardizer plain = Standardizer.fit(rows);
        assertThat(plain.means()).containsOnly(0.0);
        double[] scale = numbers(ref.getProperty("scale"));
        for (int j = 0; j < scale.length; j++) {
            assertThat(plain.deviations()[j]).as("column %d", j + 1).isCloseTo(scale[j], within(1e-13 * scale[j]));
        }
        // column 37 is never stored: scale 1, as scikit-learn's for a column without variance
        assertThat(plain.deviations()[36]).isEqualTo(1.0);
        Standardizer weighted = Standardizer.fit(rows.withWeights(numbers(ref.getProperty("weights"))));
        double[] weightedScale = numbers(ref.getProperty("weighted_scale"));
        for (int j = 0; j < weightedScale.length; j++) {
            assertThat(weighted.deviations()[j]).as("column %d", j + 1)
                    .isCloseTo(weightedScale[j], within(1e-12 * weightedScale[j]));
        }
        // scaling keeps the rows sparse: the same nonzeros, each divided by its column's scale
        Dataset scaled = plain.apply(rows);
        assertThat(scaled.isSparse()).isTrue();
        assertThat(scaled.sparseRows().indices()).isEqualTo(rows.sparseRows().indices());
        assertThat(scaled.feature(0, 0)).isEqualTo(rows.feature(0, 0) / scale[0]);
    }

    @Test
    void logisticOnALibsvmFileReachesTheDenseRowsOptimumAndScikitLearns() throws Exception {
        Properties ref = reference();
        Pipeline.Outcome sparse = logistic(file("train.svm")).run();
        Pipeline.Outcome dense = logistic(file("train.csv")).run();
        SavedModel.Coefficients s = sparse.model().coefficients().orElseThrow();
        SavedModel.Coefficients d = dense.model().coefficients().orElseThrow();
        assertThat(s.features()).isEqualTo(d.features());
        assertThat(s.outputs()).containsExactly("1");
        assertThat(sparse.model().classNames()).containsExactly("-1", "1");
        double[] theirs = numbers(ref.getProperty("logistic.coef"));
        // both runs end where the line search can no longer tell values apart (f near 0.5, so steps below
        // about 1e-8 change it by less than its last bits): the optima agree to 1e-8 of the largest coefficient
        double largest = Math.abs(Double.parseDouble(ref.getProperty("logistic.intercept")));
        for (double c : theirs) {
            largest = Math.max(largest, Math.abs(c));
        }
        double tolerance = 1e-8 * largest;
        for (int j = 0; j < theirs.length; j++) {
            // both are the optimum of the same objective, one over compressed rows scaled only, one over dense
            // rows centred and scaled
            assertThat(s.coefficients()[0][j]).as("feature %s against the dense rows'", s.features().get(j))
                    .isCloseTo(d.coefficients()[0][j], within(tolerance));
            assertThat(s.coefficients()[0][j]).as("feature %s against scikit-learn's", s.features().get(j))
                    .isCloseTo(theirs[j], within(tolerance));
        }
        assertThat(s.intercepts()[0]).isCloseTo(d.intercepts()[0], within(tolerance));
        assertThat(s.intercepts()[0]).isCloseTo(Double.parseDouble(ref.getProperty("logistic.intercept")),
                within(tolerance));
        // and their objectives (mean log-loss on the training rows plus the penalty on the weights as given) agree
        assertThat(objective(sparse, s)).isCloseTo(objective(dense, d), within(1e-14));
        // the saved model records the scale-only standardization: every mean 0, scikit-learn's scales
        double[] scale = numbers(ref.getProperty("scale"));
        assertThat(sparse.model().standardizer().means()).containsOnly(0.0);
        assertThat(sparse.model().standardizer().deviations()).containsExactly(scale, within(1e-12));
        assertThat(sparse.data()).contains("sparse");
    }

    /** The mean log-loss of the training rows plus (l2 / 2) ||coef||^2 on the features' own scale. */
    private static double objective(Pipeline.Outcome run, SavedModel.Coefficients c) {
        double squares = 0;
        for (double w : c.coefficients()[0]) {
            squares += w * w;
        }
        return run.evaluation("train").loss() + run.penalty().l2() / 2 * squares;
    }

    @Test
    void theSavedModelRoundTripsAndPredictsTheNarrowerTestFileAsScikitLearn(@TempDir Path dir) throws Exception {
        Properties ref = reference();
        Pipeline.Outcome run = logistic(file("train.svm")).run();
        Path saved = dir.resolve("model.json");
        run.model().write(saved);
        SavedModel read = SavedModel.read(saved);
        assertThat(read.parameters()).isEqualTo(run.model().parameters());
        assertThat(read.standardizer().deviations()).isEqualTo(run.model().standardizer().deviations());
        assertThat(read.svmLightZeroBased()).isFalse();
        // test.svm's largest index is 38 of the model's 40: read with the model's width
        Dataset test = read.svmLightRows(file("test.svm"), false);
        assertThat(test.isSparse()).isTrue();
        assertThat(test.columns()).isEqualTo(40);
        double[] probabilities = read.predict(test);
        assertThat(probabilities).isEqualTo(run.model().predict(test));
        double[] p1 = numbers(ref.getProperty("test.p1"));
        for (int i = 0; i < p1.length; i++) {
            assertThat(probabilities[2 * i + 1]).as("row %d", i + 1).isCloseTo(p1[i], within(1e-8));
        }
        // the training rows scored through the saved model score as training scored them
        Evaluation again = Evaluation.of("train", read, read.svmLightRows(file("train.svm"), true));
        assertThat(again.loss()).isEqualTo(run.evaluation("train").loss());
        assertThat(again.classification().accuracy()).isEqualTo(run.evaluation("train").classification().accuracy());
    }

    @Test
    void aFileWiderThanTheModelIsRefusedAtItsLineAndColumn(@TempDir Path dir) throws Exception {
        SavedModel model = logistic(file("train.svm")).run().model();
        Path wide = dir.resolve("wide.svm");
        Files.writeString(wide, "1 1:0.5\n-1 2:1 41:3\n");
        assertThatThrownBy(() -> model.svmLightRows(wide, true)).isInstanceOf(DataException.class)
                .hasMessage(wide + ":2:8: feature index 41 is beyond the 40 features the model reads (its largest "
                        + "index is 40)");
        // a one-based model reads a file without index 0 as one-based, never shifted
        Path zero = dir.resolve("zero.svm");
        Files.writeString(zero, "1 0:0.5\n");
        assertThatThrownBy(() -> model.svmLightRows(zero, true)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(zero + ":1:3: feature index 0 in a file read as one-based");
    }

    @Test
    void aZeroBasedFileNamesItsFeaturesFrom0AndItsModelReadsFilesZeroBased(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("zero.svm");
        StringBuilder rows = new StringBuilder();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 40; i++) {
            int label = i % 2;
            rows.append(label).append(" 0:").append(random.nextDouble() + label).append(" 2:").append(random.nextDouble())
                    .append('\n');
        }
        Files.writeString(train, rows.toString());
        SavedModel model = Pipeline.of(train.toString(), ModelSpec.parse("logistic")).split(0, 0).run().model();
        assertThat(model.featureNames()).containsExactly("0", "1", "2");
        assertThat(model.svmLightZeroBased()).isTrue();
        // a file without index 0 is read zero-based as the training file was, not shifted by auto-detection
        Path later = dir.resolve("later.svm");
        Files.writeString(later, "1 2:0.5\n");
        Dataset read = model.svmLightRows(later, true);
        assertThat(read.feature(0, 2)).isEqualTo(0.5);
        assertThat(read.feature(0, 1)).isEqualTo(0.0);
    }

    @Test
    void denseOnlyOperationsRefuseSparseRowsRatherThanAllocateThem() throws Exception {
        Dataset rows = SvmLight.read(file("train.svm")).dataset("train.svm", true, null);
        assertThatThrownBy(rows::features).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the features are sparse (300 rows x 40 columns");
        assertThatThrownBy(rows::featuresView).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rows.withFeatures(new double[300 * 40])).isInstanceOf(IllegalStateException.class);
        // a standardizer that centres would store every zero: refused
        assertThatCode(() -> new Standardizer(new double[40], onesBut(40)).apply(rows)).doesNotThrowAnyException();
        double[] means = new double[40];
        means[3] = 1;
        assertThatThrownBy(() -> new Standardizer(means, onesBut(40)).apply(rows))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scaled without centering");
        // splits stay sparse and keep their rows
        Split split = Split.of(rows, 0.2, 0.2, 7);
        assertThat(split.train().isSparse()).isTrue();
        assertThat(split.train().rows() + split.validation().rows() + split.test().rows()).isEqualTo(300);
    }

    private static double[] onesBut(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        return ones;
    }

    /**
     * 4,000 rows of 250,000 columns with 20 nonzeros each: 8 GB as dense doubles (more than a default heap of
     * up to 32 GB of memory holds), and every byte the run allocates, counted by the JVM, adds up to a fraction
     * of that, so nothing made them dense. The fit is checked by its optimality certificate: the gradient of the
     * penalized mean logistic loss, recomputed here from the file's rows and the coefficients on their own
     * scale, is near 0.
     */
    @Test
    void aWideFileTrainsWithMemoryThatFollowsItsNonzeros(@TempDir Path dir) throws Exception {
        int rows = 4_000;
        int columns = 250_000;
        int perRow = 20;
        Path wide = dir.resolve("wide.svm");
        SplittableRandom random = new SplittableRandom(11);
        double[] truth = new double[columns];
        for (int j = 0; j < columns; j++) {
            truth[j] = random.nextGaussian();
        }
        try (Writer out = Files.newBufferedWriter(wide, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                int[] chosen = random.ints(0, columns).distinct().limit(perRow).sorted().toArray();
                if (i == 0) {
                    chosen[perRow - 1] = columns - 1; // the width is the largest index
                    Arrays.sort(chosen);
                }
                StringBuilder line = new StringBuilder();
                double z = 0;
                for (int j : chosen) {
                    double v = Math.round(random.nextDouble(-2, 2) * 1000) / 1000.0;
                    z += v * truth[j];
                    line.append(' ').append(j + 1).append(':').append(v);
                }
                out.write((random.nextDouble() < 1 / (1 + Math.exp(-z)) ? "1" : "0") + line + "\n");
            }
        }
        long dense = 8L * rows * columns;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        long started = System.nanoTime();
        Pipeline.Outcome run = Pipeline.of(wide.toString(), ModelSpec.parse("logistic")).split(0, 0)
                .plan(plan -> plan.epochs(500).convergence(StoppingRules.gradientNorm(1e-7))).run();
        double seconds = (System.nanoTime() - started) / 1e9;
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(run.model().featureNames()).hasSize(columns);
        // every byte the run allocated, garbage included (L-BFGS's vectors of 250,001 parameters each iteration),
        // is a fraction of one dense copy: none was made
        assertThat(allocated).as("bytes allocated by the run").isLessThan(dense / 4);
        assertThat(seconds).as("seconds").isLessThan(60);
        System.out.printf(Locale.ROOT, "wide LIBSVM fit: %d x %d, %d nonzeros, %.1f s, %.0f MB allocated, %s%n", rows,
                columns, rows * perRow, seconds, allocated / 1e6, run.training().stopReason());

        // optimality: the gradient of mean logloss + (l2 / 2) ||w'||^2 in the standardized weights w' = w sd,
        // from the coefficients on the features' own scale and the file's rows
        SvmLight read = SvmLight.read(wide);
        SavedModel.Coefficients c = run.model().coefficients().orElseThrow();
        double[] w = c.coefficients()[0];
        double b = c.intercepts()[0];
        double[] sd = run.model().standardizer().deviations();
        double l2 = run.penalty().l2();
        double[] gradient = new double[columns];
        double bias = 0;
        for (int i = 0; i < rows; i++) {
            double z = b;
            for (int k = read.rowStart()[i]; k < read.rowStart()[i + 1]; k++) {
                z += read.values()[k] * w[read.indices()[k]];
            }
            double r = (1 / (1 + Math.exp(-z)) - read.labels()[i]) / rows;
            bias += r;
            for (int k = read.rowStart()[i]; k < read.rowStart()[i + 1]; k++) {
                gradient[read.indices()[k]] += r * read.values()[k];
            }
        }
        double largest = Math.abs(bias);
        for (int j = 0; j < columns; j++) {
            // the run fits w'_j = w_j sd_j on the scaled column x_j / sd_j: d/dw'_j = (dL/dw_j) / sd_j + l2 w'_j
            largest = Math.max(largest, Math.abs(gradient[j] / sd[j] + l2 * w[j] * sd[j]));
        }
        assertThat(largest).as("largest gradient entry at the optimum").isLessThan(1e-6);
    }

    @Test
    void columnOptionsAndOtherEnginesAreRefusedForALibsvmFile() throws Exception {
        assertThatThrownBy(() -> Pipeline.of(file("train.svm").toString(), ModelSpec.parse("logistic"))
                .columns(c -> c.drop(List.of("3"))).run()).isInstanceOf(DataException.class)
                .hasMessageContaining("a LIBSVM file has no named columns");
        Engine elsewhere = new Engine() {
            @Override
            public Data load(DataRequest request) {
                throw new AssertionError("a LIBSVM file is not handed to another engine");
            }

            @Override
            public String describe() {
                return "elsewhere";
            }
        };
        assertThatThrownBy(() -> Pipeline.of(file("train.svm").toString(), ModelSpec.parse("logistic")).engine(elsewhere)
                .run()).isInstanceOf(dev.descent.ml.train.InvalidSetting.class)
                .hasMessageContaining("a LIBSVM file trains with the local engine");
        // told CSV, the same file is read as a table, whose header it is not
        assertThatThrownBy(() -> Pipeline.of(file("train.svm").toString(), ModelSpec.parse("logistic"))
                .dataFormat(dev.descent.ml.data.DataFormat.CSV).run()).isInstanceOf(DataException.class);
    }
}
