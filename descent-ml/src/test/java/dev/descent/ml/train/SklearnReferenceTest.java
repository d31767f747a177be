package dev.descent.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Activation;
import dev.descent.ml.model.LinearModel;
import dev.descent.ml.model.LogisticModel;
import dev.descent.ml.model.Mlp;
import dev.descent.ml.model.SoftmaxModel;
import dev.descent.ml.model.Task;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.schedule.CosineAnnealing;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Quality against scikit-learn (reference values from tools/reference/sklearn_reference.py). */
class SklearnReferenceTest {

    static Properties reference;

    @BeforeAll
    static void load() throws IOException {
        reference = new Properties();
        try (InputStream in = SklearnReferenceTest.class.getResourceAsStream("/sklearn/reference.properties")) {
            reference.load(in);
        }
    }

    static double number(String key) {
        return Double.parseDouble(reference.getProperty(key));
    }

    /** Every row, standardized on every row, as the reference was fitted. */
    static Dataset standardized(String name, boolean classes) {
        Dataset data = CsvDatasets.builtIn(name, null, classes);
        return Standardizer.fit(data).apply(data);
    }

    static double regularizedLoss(TrainingResult result, Dataset data, double l2) {
        double[] theta = result.parameters();
        double penalty = 0;
        for (int i = 0; i < data.columns(); i++) {
            penalty += 0.5 * l2 * theta[i] * theta[i];
        }
        return result.history().get(result.history().size() - 1).train().loss() + penalty;
    }

    @Test
    void logisticRegressionWithLbfgsReachesSklearnsRegularizedLoss() {
        Dataset cancer = standardized("breast_cancer", true);
        double l2 = number("logistic.l2");
        TrainingResult result = Trainer.of(new LogisticModel(30), TrainingPlan.of(Lbfgs.defaults()).batchSize(0).penalty(new Penalty(l2, 0)).epochs(500))
                .fit(cancer, null);
        double loss = regularizedLoss(result, cancer, l2);
        double expected = number("logistic.loss");
        assertThat(Math.abs(loss - expected) / expected).as("loss %s vs sklearn %s", loss, expected).isLessThan(1e-6);
        String[] coef = reference.getProperty("logistic.coef").split(",");
        double[] theta = result.parameters();
        for (int i = 0; i < coef.length; i++) {
            assertThat(theta[i]).isCloseTo(Double.parseDouble(coef[i]), org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void logisticRegressionWithAdamReachesItToOnePartInAThousand() {
        Dataset cancer = standardized("breast_cancer", true);
        double l2 = number("logistic.l2");
        TrainingResult result = Trainer.of(new LogisticModel(30), TrainingPlan.of(new Adam(0.05)).batchSize(0).penalty(new Penalty(l2, 0)).epochs(3000)
                .schedule(CosineAnnealing.of(3000, 0))).fit(cancer, null);
        double loss = regularizedLoss(result, cancer, l2);
        double expected = number("logistic.loss");
        assertThat(Math.abs(loss - expected) / expected).as("loss %s vs sklearn %s", loss, expected).isLessThan(1e-3);
    }

    @Test
    void linearRegressionReachesTheLeastSquaresOptimum() {
        Dataset diabetes = standardized("diabetes", false);
        TrainingResult result = Trainer.of(new LinearModel(10), TrainingPlan.of(Lbfgs.defaults()).batchSize(0).epochs(500)).fit(diabetes, null);
        double mse = result.history().get(result.history().size() - 1).train().loss();
        double expected = number("linear.mse");
        assertThat(Math.abs(mse - expected) / expected).as("mse %s vs closed form %s", mse, expected).isLessThan(1e-8);
    }

    static double irisAccuracy(long seed) {
        Split split = Split.of(CsvDatasets.builtIn("iris", null, true), 0.2, 0.2, seed);
        Standardizer standardizer = Standardizer.fit(split.train());
        SoftmaxModel softmax = new SoftmaxModel(4, 3);
        TrainingResult result = Trainer.of(softmax, TrainingPlan.of(Lbfgs.defaults()).batchSize(0).penalty(new Penalty(1e-3, 0)).epochs(300).seed(seed))
                .fit(standardizer.apply(split.train()), null);
        return Metrics.of(softmax, result.parameters(), Trainer.batchOf(softmax, standardizer.apply(split.test()))).accuracy();
    }

    static double digitsAccuracy(long seed) {
        return digitsAccuracy(seed, dev.descent.ml.model.Precision.FLOAT64);
    }

    static double digitsAccuracy(long seed, dev.descent.ml.model.Precision precision) {
        Split split = Split.of(CsvDatasets.builtIn("digits", null, true), 0.1, 0.2, seed);
        Standardizer standardizer = Standardizer.fit(split.train());
        Mlp mlp = new Mlp(64, List.of(64), Activation.RELU, Task.MULTICLASS, 10, precision);
        TrainingResult result = Trainer.of(mlp, TrainingPlan.of(new Adam(1e-3)).epochs(100).batchSize(32).seed(seed).earlyStopping(15))
                .fit(standardizer.apply(split.train()), standardizer.apply(split.validation()));
        return Metrics.of(mlp, result.parameters(), Trainer.batchOf(mlp, standardizer.apply(split.test()))).accuracy();
    }

    /**
     * At least 0.95 test accuracy for the default seed (0) and on average over seeds 0-4; no seed
     * below 0.90 (a 30-row test set: each error costs 0.033, and seed 1's split holds three points
     * every linear model here gets wrong).
     */
    @Test
    void softmaxRegressionOnIrisAboveNinetyFivePercent() {
        double[] accuracy = java.util.stream.LongStream.range(0, 5).mapToDouble(SklearnReferenceTest::irisAccuracy).toArray();
        assertThat(accuracy[0]).isGreaterThanOrEqualTo(0.95);
        assertThat(java.util.Arrays.stream(accuracy).average().orElseThrow()).as(java.util.Arrays.toString(accuracy))
                .isGreaterThanOrEqualTo(0.95);
        assertThat(java.util.Arrays.stream(accuracy).min().orElseThrow()).as(java.util.Arrays.toString(accuracy))
                .isGreaterThanOrEqualTo(0.90);
    }

    /** At least 0.97 test accuracy for the default seed, on average over seeds 0-4, and for every one of them. */
    @Test
    void mlpOnDigitsAboveNinetySevenPercent() {
        double[] accuracy = java.util.stream.LongStream.range(0, 5).mapToDouble(SklearnReferenceTest::digitsAccuracy).toArray();
        String reported = java.util.Arrays.toString(accuracy) + "; sklearn's MLPClassifier: "
                + reference.getProperty("mlp.digits.test_accuracy");
        assertThat(accuracy[0]).as(reported).isGreaterThanOrEqualTo(0.97);
        assertThat(java.util.Arrays.stream(accuracy).min().orElseThrow()).as(reported).isGreaterThanOrEqualTo(0.97);
    }
}
