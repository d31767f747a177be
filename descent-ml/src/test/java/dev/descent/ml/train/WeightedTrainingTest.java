package dev.descent.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Activation;
import dev.descent.ml.model.LinearModel;
import dev.descent.ml.model.LogisticModel;
import dev.descent.ml.model.Mlp;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.SoftmaxModel;
import dev.descent.ml.model.Task;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-row weights against scikit-learn's {@code sample_weight} (reference values from
 * tools/reference/sklearn_weights_reference.py), and the properties weights must have: integer
 * weights repeat rows, a zero weight removes a row, weights of 1 change no bit.
 */
class WeightedTrainingTest {

    static Properties reference;

    @BeforeAll
    static void load() throws IOException {
        reference = new Properties();
        try (InputStream in = WeightedTrainingTest.class.getResourceAsStream("/sklearn/weights/reference.properties")) {
            reference.load(in);
        }
    }

    static double[] numbers(String key) {
        return Arrays.stream(reference.getProperty(key).split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    static double number(String key) {
        return Double.parseDouble(reference.getProperty(key));
    }

    static Dataset weighted(Dataset data, double[] weights) {
        return new Dataset(data.name(), data.featureNames(), data.targetName(), data.features(), data.targets(),
                data.classNames(), data.hasClasses() ? data.labels() : null, weights);
    }

    static Dataset cancer() {
        return weighted(CsvDatasets.builtIn("breast_cancer", null, true), numbers("cancer.weights"));
    }

    static Dataset diabetes() {
        return weighted(CsvDatasets.builtIn("diabetes", null, false), numbers("diabetes.weights"));
    }

    static TrainingPlan tight(double l2) {
        return TrainingPlan.of(Lbfgs.defaults()).batchSize(0).penalty(new Penalty(l2, 0)).epochs(5000)
                .convergence(StoppingRules.gradientNorm(1e-9));
    }

    static void assertRelative(double[] actual, double[] expected, double tolerance, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int j = 0; j < expected.length; j++) {
            assertThat(actual[j]).as("%s %d", what, j)
                    .isCloseTo(expected[j], offset(tolerance * Math.max(1, Math.abs(expected[j]))));
        }
    }

    @Test
    void weightedStandardizerMatchesStandardScalerWithSampleWeight() {
        Standardizer cancer = Standardizer.fit(cancer());
        assertRelative(cancer.means(), numbers("cancer.mean"), 1e-12, "mean");
        assertRelative(cancer.deviations(), numbers("cancer.scale"), 1e-12, "scale");
        Standardizer diabetes = Standardizer.fit(diabetes());
        assertRelative(diabetes.means(), numbers("diabetes.mean"), 1e-12, "mean");
        assertRelative(diabetes.deviations(), numbers("diabetes.scale"), 1e-12, "scale");
        // the weighted moments differ from the unweighted ones, so the test above tells them apart
        Standardizer plain = Standardizer.fit(CsvDatasets.builtIn("diabetes", null, false));
        assertThat(Math.abs(plain.means()[0] - diabetes.means()[0])).isGreaterThan(1e-3);
    }

    @Test
    void weightedTargetStandardizerMatchesTheWeightedMoments() {
        Dataset data = diabetes();
        double[] y = data.targets();
        double[] w = data.weights();
        double total = 0;
        double mean = 0;
        for (int i = 0; i < y.length; i++) {
            total += w[i];
            mean += w[i] * y[i];
        }
        mean /= total;
        double variance = 0;
        for (int i = 0; i < y.length; i++) {
            variance += w[i] * (y[i] - mean) * (y[i] - mean);
        }
        Standardizer target = Standardizer.fitTarget(data);
        assertThat(target.means()[0]).isCloseTo(mean, offset(1e-12 * mean));
        assertThat(target.deviations()[0]).isCloseTo(Math.sqrt(variance / total), offset(1e-12 * Math.sqrt(variance / total)));
    }

    @Test
    void weightedMomentsMergeBlockwiseAsOnePass() {
        Dataset data = cancer();
        double[] x = data.featuresView();
        double[] w = data.weights();
        int d = data.columns();
        Standardizer.Moments whole = Standardizer.Moments.of(x, w, 0, data.rows(), d);
        Standardizer.Moments blocks = Standardizer.Moments.none(d);
        for (int from = 0; from < data.rows(); from += 100) {
            blocks = blocks.merge(Standardizer.Moments.of(x, w, from, Math.min(100, data.rows() - from), d));
        }
        assertRelative(blocks.standardizer().means(), whole.standardizer().means(), 1e-13, "mean");
        assertRelative(blocks.standardizer().deviations(), whole.standardizer().deviations(), 1e-13, "deviation");
        assertThat(blocks.weightSum()).isCloseTo(Arrays.stream(w).sum(), offset(1e-12));
        assertThatThrownBy(() -> Standardizer.Moments.of(x, w, 0, 10, d).merge(Standardizer.Moments.of(x, 10, 10, d)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void weightedLogisticRegressionReachesSklearnsPolishedOptimum() {
        Dataset data = cancer();
        Dataset standardized = Standardizer.fit(data).apply(data);
        assertThat(standardized.hasWeights()).isTrue();
        TrainingResult result = Trainer.of(new LogisticModel(30), tight(number("logistic.l2"))).fit(standardized, null);
        assertThat(result.stopReason()).isEqualTo(dev.descent.StopReason.GRADIENT_TOLERANCE);
        double[] theta = result.parameters();
        assertRelative(Arrays.copyOf(theta, 30), numbers("logistic.coef"), 1e-6, "coef");
        assertThat(theta[30]).isCloseTo(number("logistic.intercept"), offset(1e-6));
        // the epoch loss is the weighted mean: with the penalty it is the reference objective
        double penalty = 0;
        for (int j = 0; j < 30; j++) {
            penalty += 0.5 * number("logistic.l2") * theta[j] * theta[j];
        }
        double loss = result.history().get(result.history().size() - 1).train().loss() + penalty;
        assertThat(loss).isCloseTo(number("logistic.loss"), offset(1e-12));
    }

    @Test
    void weightedLinearRegressionReachesWeightedLeastSquares() {
        Dataset data = diabetes();
        Dataset standardized = Standardizer.fit(data).apply(data);
        TrainingResult result = Trainer.of(new LinearModel(10), tight(0)
                .convergence(StoppingRules.gradientNorm(1e-8))).fit(standardized, null);
        double[] theta = result.parameters();
        assertRelative(Arrays.copyOf(theta, 10), numbers("linear.coef"), 1e-6, "coef");
        assertThat(theta[10]).isCloseTo(number("linear.intercept"), offset(1e-6 * number("linear.intercept")));
    }

    @Test
    void weightTwoIsTheRowRepeated() {
        Dataset plain = CsvDatasets.builtIn("breast_cancer", null, true);
        Dataset raw = Standardizer.fit(plain).apply(plain);
        int[] twice = IntStream.range(0, 40).map(i -> 7 * i).toArray();
        double[] w = new double[raw.rows()];
        Arrays.fill(w, 1);
        for (int i : twice) {
            w[i] = 2;
        }
        int[] repeated = IntStream.concat(IntStream.range(0, raw.rows()), Arrays.stream(twice)).toArray();
        Dataset byWeight = weighted(raw, w);
        Dataset byRows = raw.subset(repeated, "");
        // the weighted moments are those of the repeated rows
        assertRelative(Standardizer.fit(byWeight).deviations(), Standardizer.fit(byRows).deviations(), 1e-13, "std");
        // the objectives are equal everywhere: value and gradient at a few points
        TrainingPlan plan = tight(0.01).epochs(20000);
        for (Model model : List.of(new LogisticModel(30), new LinearModel(30))) {
            dev.descent.Objective weightedObjective = TrainingData.inMemory(model, plan, byWeight, null).objective().batch(0, 0);
            dev.descent.Objective repeatedObjective = TrainingData.inMemory(model, plan, byRows, null).objective().batch(0, 0);
            for (int point = 0; point < 3; point++) {
                double[] theta = new double[31];
                for (int j = 0; j < theta.length; j++) {
                    theta[j] = 0.3 * Math.sin(point * 31 + j);
                }
                double[] g1 = new double[31];
                double[] g2 = new double[31];
                double v1 = weightedObjective.valueAndGradient(theta, g1);
                double v2 = repeatedObjective.valueAndGradient(theta, g2);
                assertThat(v1).as(model.describe()).isCloseTo(v2, offset(1e-14 * Math.abs(v2)));
                assertRelative(g1, g2, 1e-13, model.describe());
            }
        }
        // and so are the optima, to the accuracy L-BFGS reaches before its line search runs into the loss's rounding
        TrainingResult weightedFit = Trainer.of(new LogisticModel(30), plan).fit(byWeight, null);
        TrainingResult repeatedFit = Trainer.of(new LogisticModel(30), plan).fit(byRows, null);
        assertThat(weightedFit.stopReason()).isEqualTo(dev.descent.StopReason.GRADIENT_TOLERANCE);
        assertThat(repeatedFit.stopReason()).isEqualTo(dev.descent.StopReason.GRADIENT_TOLERANCE);
        double[] a = weightedFit.parameters();
        double[] b = repeatedFit.parameters();
        assertRelative(a, b, 1e-9, "parameter");
        double[] c = Trainer.of(new LogisticModel(30), plan).fit(raw, null).parameters();
        assertThat(Math.abs(a[0] - c[0])).as("the weights change the fit").isGreaterThan(1e-4);
    }

    @Test
    void aZeroWeightRowChangesNothingInFullBatchTraining() {
        Dataset data = cancer();
        double[] w = data.weights();
        int[] kept = IntStream.range(0, data.rows()).filter(i -> w[i] > 0).toArray();
        assertThat(kept.length).isEqualTo(data.rows() - 5);
        Dataset without = data.subset(kept, "");
        Standardizer fitted = Standardizer.fit(data);
        assertRelative(Standardizer.fit(without).means(), fitted.means(), 1e-14, "mean");
        TrainingPlan plan = tight(number("logistic.l2")).epochs(300);
        double[] a = Trainer.of(new LogisticModel(30), plan).fit(fitted.apply(data), null).parameters();
        double[] b = Trainer.of(new LogisticModel(30), plan).fit(fitted.apply(without), null).parameters();
        assertRelative(a, b, 1e-12, "parameter");
    }

    @Test
    void weightsOfOneChangeNoBit() {
        Dataset cancer = Standardizer.fit(CsvDatasets.builtIn("breast_cancer", null, true))
                .apply(CsvDatasets.builtIn("breast_cancer", null, true));
        Dataset diabetes = Standardizer.fit(CsvDatasets.builtIn("diabetes", null, false))
                .apply(CsvDatasets.builtIn("diabetes", null, false));
        Dataset iris = Standardizer.fit(CsvDatasets.builtIn("iris", null, true)).apply(CsvDatasets.builtIn("iris", null, true));
        TrainingPlan full = TrainingPlan.of(Lbfgs.defaults()).batchSize(0).penalty(new Penalty(1e-3, 0)).epochs(30);
        TrainingPlan mini = TrainingPlan.of(new Adam(1e-2)).batchSize(32).epochs(5).seed(3);
        assertSameBits(new LinearModel(10), full, diabetes);
        assertSameBits(new LogisticModel(30), full, cancer);
        assertSameBits(new SoftmaxModel(4, 3), full, iris);
        assertSameBits(new Mlp(4, List.of(8), Activation.RELU, Task.MULTICLASS, 3), mini, iris);
        assertSameBits(new LogisticModel(30), mini, cancer);
        assertThat(Standardizer.fit(ones(CsvDatasets.builtIn("diabetes", null, false))))
                .usingRecursiveComparison().isEqualTo(Standardizer.fit(CsvDatasets.builtIn("diabetes", null, false)));
    }

    static Dataset ones(Dataset data) {
        double[] w = new double[data.rows()];
        Arrays.fill(w, 1);
        return weighted(data, w);
    }

    static void assertSameBits(Model model, TrainingPlan plan, Dataset data) {
        Dataset withOnes = ones(data);
        TrainingResult a = Trainer.of(model, plan).fit(data, data);
        TrainingResult b = Trainer.of(model, plan).fit(withOnes, withOnes);
        assertThat(b.parameters()).as(model.describe()).isEqualTo(a.parameters());
        assertThat(b.history().get(0).validation().loss()).isEqualTo(a.history().get(0).validation().loss());
    }

    @Test
    void weightedMiniBatchesAndMlpTrainOnTheWeightedMean() {
        Dataset iris = CsvDatasets.builtIn("iris", null, true);
        double[] w = new double[iris.rows()];
        for (int i = 0; i < w.length; i++) {
            w[i] = iris.labels()[i] == 0 ? 0 : 1 + i % 3;
        }
        Dataset data = weighted(Standardizer.fit(iris).apply(iris), w);
        Mlp mlp = new Mlp(4, List.of(8), Activation.TANH, Task.MULTICLASS, 3);
        double[] theta = mlp.initialParameters(1);
        // the fused pass's gradient on the rows of positive weight, repeated as their weights say, is the weighted one
        int[] repeated = IntStream.range(0, w.length).flatMap(i -> IntStream.range(0, (int) w[i]).map(k -> i)).toArray();
        double[] expected = new double[theta.length];
        double expectedLoss = mlp.lossAndGradient(theta, Trainer.batchOf(mlp, weighted(data.subset(repeated, ""), null)), expected);
        double[] gradient = new double[theta.length];
        double loss = mlp.lossAndGradient(theta, Trainer.batchOf(mlp, data), gradient);
        assertThat(loss).isCloseTo(expectedLoss, offset(1e-13));
        assertRelative(gradient, expected, 1e-12, "gradient");
        TrainingResult result = Trainer.of(mlp, TrainingPlan.of(new Adam(1e-2)).batchSize(16).epochs(3).seed(1))
                .fit(data, data);
        assertThat(result.history()).hasSize(3);
        assertThat(result.history().get(2).validation().loss()).isFinite();
    }

    @Test
    void weightsFollowTheRowsAndAreChecked() {
        Dataset data = cancer();
        double[] w = data.weights();
        Dataset part = data.subset(new int[] {5, 3}, ":part");
        assertThat(part.weights()).containsExactly(w[5], w[3]);
        assertThat(data.withFeatures(data.features()).weights()).isEqualTo(w);
        assertThat(data.withTargets(data.targets()).weights()).isEqualTo(w);
        assertThat(data.alignedTo(List.of(data.featureNames().get(2)), data.classNames()).weights()).isEqualTo(w);
        assertThat(CsvDatasets.builtIn("iris", null, true).weights()).isNull();
        double[] bad = w.clone();
        bad[7] = -1;
        assertThatThrownBy(() -> weighted(data, bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 8");
        bad[7] = Double.NaN;
        assertThatThrownBy(() -> weighted(data, bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 8");
        assertThatThrownBy(() -> weighted(data, new double[data.rows()])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mlpPassesTakeTheWeightedMeanOfTheTape() {
        Dataset iris = Standardizer.fit(CsvDatasets.builtIn("iris", null, true)).apply(CsvDatasets.builtIn("iris", null, true));
        double[] w = new double[iris.rows()];
        for (int i = 0; i < w.length; i++) {
            w[i] = i % 5 == 0 ? 0 : 0.25 + (i * 7 % 11) / 4.0;
        }
        Dataset data = weighted(iris, w);
        for (Task task : Task.values()) {
            int outputs = task == Task.MULTICLASS ? 3 : 1;
            int[] virginica = Arrays.stream(iris.labels()).map(l -> l == 2 ? 1 : 0).toArray();
            Dataset rows = task == Task.MULTICLASS ? data : weighted(new Dataset("iris", iris.featureNames(), "y",
                    iris.features(), Arrays.stream(virginica).asDoubleStream().toArray(),
                    task == Task.BINARY ? List.of("other", "virginica") : List.of(),
                    task == Task.BINARY ? virginica : null), w);
            for (dev.descent.ml.model.Precision precision : dev.descent.ml.model.Precision.values()) {
                Mlp mlp = new Mlp(4, List.of(6, 5), Activation.TANH, task, outputs, precision);
                double[] theta = mlp.initialParameters(4);
                dev.descent.ml.model.Batch batch = Trainer.batchOf(mlp, rows);
                dev.descent.autodiff.Tape tape = new dev.descent.autodiff.Tape();
                dev.descent.autodiff.Tensor variable = tape.variable(theta);
                dev.descent.autodiff.Tensor loss = mlp.trainingLoss(variable, tape, batch);
                tape.backward(loss);
                double[] gradient = new double[theta.length];
                double value = mlp.lossAndGradient(theta, batch, gradient);
                double tolerance = precision == dev.descent.ml.model.Precision.FLOAT64 ? 1e-13 : 1e-5;
                assertThat(value).as("%s %s", task, precision).isCloseTo(loss.item(), offset(tolerance));
                assertRelative(gradient, variable.gradient(), tolerance, task + " " + precision);
                // and it is not the unweighted mean
                double[] plain = new double[theta.length];
                double unweighted = mlp.lossAndGradient(theta, Trainer.batchOf(mlp, weighted(rows, null)), plain);
                assertThat(Math.abs(unweighted - value)).as("%s %s", task, precision).isGreaterThan(1e-4);
                // rows that all weigh 0 hold nothing to fit
                dev.descent.ml.model.Batch zero = new dev.descent.ml.model.Batch(batch.features(), batch.rows(),
                        batch.columns(), batch.targets(), batch.labels(), null, new double[batch.rows()]);
                assertThat(mlp.lossAndGradient(theta, zero, gradient)).isZero();
                assertThat(gradient).containsOnly(0.0);
            }
        }
    }

    @Test
    void theEpochLossIsTheWeightedMeanAndTalliesMergeIt() {
        Dataset data = Standardizer.fit(cancer()).apply(cancer());
        LogisticModel model = new LogisticModel(30);
        double[] theta = new double[31];
        for (int j = 0; j < theta.length; j++) {
            theta[j] = 0.1 * Math.sin(j + 1);
        }
        double[] w = data.weights();
        double[] y = data.targets();
        double sum = 0;
        double total = 0;
        for (int i = 0; i < data.rows(); i++) {
            double z = theta[30];
            for (int j = 0; j < 30; j++) {
                z += theta[j] * data.feature(i, j);
            }
            sum += w[i] * (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[i] * z);
            total += w[i];
        }
        Tally whole = Tally.over(model, theta, Trainer.batchOf(model, data));
        assertThat(whole.isWeighted()).isTrue();
        assertThat(whole.loss()).isCloseTo(sum / total, offset(1e-13));
        int half = data.rows() / 2;
        Tally merged = Tally.over(model, theta, Trainer.batchOf(model, data.subset(IntStream.range(0, half).toArray(), "")))
                .merge(Tally.over(model, theta, Trainer.batchOf(model,
                        data.subset(IntStream.range(half, data.rows()).toArray(), ""))));
        assertThat(merged.loss()).isCloseTo(sum / total, offset(1e-13));
        assertThat(merged.weightSum()).isCloseTo(total, offset(1e-11));
        // accuracy stays unweighted: the same confusion counts as the rows without weights
        Tally plain = Tally.over(model, theta, Trainer.batchOf(model, weighted(data, null)));
        assertThat(whole.confusion()).isEqualTo(plain.confusion());
        assertThat(whole.metrics().accuracy()).isEqualTo(plain.metrics().accuracy());
        assertThat(plain.isWeighted()).isFalse();
        assertThatThrownBy(() -> whole.merge(plain)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accumulatedWeightedBatchesStepAsOneBatchOfTheirRows() {
        Dataset data = Standardizer.fit(cancer()).apply(cancer());
        TrainingPlan plan = TrainingPlan.of(new dev.descent.optim.Sgd(0.1)).epochs(2).seed(5);
        double[] accumulated = Trainer.of(new LogisticModel(30), plan.batchSize(16).accumulating(2)).fit(data, null)
                .parameters();
        double[] single = Trainer.of(new LogisticModel(30), plan.batchSize(32)).fit(data, null).parameters();
        assertRelative(accumulated, single, 1e-12, "parameter");
    }

    @Test
    void fusedLinearLossesTakeTheWeightedMeanOfTheTape() {
        Dataset data = Standardizer.fit(cancer()).apply(cancer());
        double[] theta = new double[31];
        for (int j = 0; j < theta.length; j++) {
            theta[j] = 0.2 * Math.cos(3 * j + 1);
        }
        int[] shuffled = IntStream.range(0, 200).map(i -> (i * 37) % data.rows()).toArray();
        for (Model model : List.of(new LogisticModel(30), new LinearModel(30))) {
            dev.descent.ml.model.Batch whole = Trainer.batchOf(model, data);
            double[] w = whole.weights();
            double[] targets = Arrays.stream(shuffled).mapToDouble(i -> whole.targets()[i]).toArray();
            double[] weights = Arrays.stream(shuffled).mapToDouble(i -> w[i]).toArray();
            dev.descent.ml.model.Batch indexed = new dev.descent.ml.model.Batch(whole.features(), shuffled.length, 30,
                    targets, null, shuffled, weights);
            for (dev.descent.ml.model.Batch batch : List.of(whole, indexed)) {
                dev.descent.autodiff.Tape tape = new dev.descent.autodiff.Tape();
                dev.descent.autodiff.Tensor fusedTheta = tape.variable(theta);
                dev.descent.autodiff.Tensor fused = model.trainingLoss(fusedTheta, tape, batch);
                tape.backward(fused);
                dev.descent.autodiff.Tape other = new dev.descent.autodiff.Tape();
                dev.descent.autodiff.Tensor tapeTheta = other.variable(theta);
                dev.descent.autodiff.Tensor generic = model.loss(model.forward(tapeTheta, Model.features(other, batch)), batch);
                other.backward(generic);
                assertThat(fused.item()).as(model.describe()).isCloseTo(generic.item(), offset(1e-13 * Math.abs(generic.item())));
                assertRelative(fusedTheta.gradient(), tapeTheta.gradient(), 1e-12, model.describe());
            }
        }
    }
}
