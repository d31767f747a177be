package dev.descent.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.Penalty;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elastic net with exact zeros against R's glmnet 4.1.6 (tools/reference/glmnet_reference.R, KKT
 * checked in R): the objective {@code mean loss + X ||w||_1 + (Y/2) ||w||^2} on standardized features,
 * trained by the default optimizer (L-BFGS, so OWL-QN) through the pipeline. Each case checks
 * descent's objective (recomputed here from the original-scale coefficients and the rows) is at least
 * as low as glmnet's to 1e-7 relative, the coefficients within 1e-4, and the zero pattern exactly.
 */
class GlmnetReferenceTest {

    @TempDir
    Path dir;

    static Properties reference(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = GlmnetReferenceTest.class.getResourceAsStream("/glmnet/" + name + ".properties")) {
            p.load(in);
        }
        return p;
    }

    static double[] numbers(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** The built-in table's rows as cells, header first. */
    static List<String[]> rows(String data) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = GlmnetReferenceTest.class.getResourceAsStream("/dev/descent/ml/data/" + data + ".csv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(line.trim().split(","));
                }
            }
        }
        return rows;
    }

    static Pipeline pipeline(String data, String model, Properties ref) {
        double x = Double.parseDouble(ref.getProperty("x"));
        double y = Double.parseDouble(ref.getProperty("y"));
        return Pipeline.of(data, ModelSpec.parse(model)).split(0, 0)
                .plan(plan -> plan.penalty(new Penalty(y, x)).epochs(100_000)
                        .convergence(StoppingRules.gradientNorm(1e-10)));
    }

    /** Weighted population standard deviation of each feature column, glmnet's standardization. */
    static double[] deviations(double[][] features, double[] weights) {
        int d = features[0].length;
        double total = Arrays.stream(weights).sum();
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < features.length; i++) {
                mean += weights[i] * features[i][j] / total;
            }
            double squares = 0;
            for (int i = 0; i < features.length; i++) {
                squares += weights[i] * (features[i][j] - mean) * (features[i][j] - mean) / total;
            }
            sd[j] = Math.sqrt(squares);
        }
        return sd;
    }

    /**
     * The run's objective, its training rows' (weighted) mean loss plus the penalty at its parameters, at
     * least as low as glmnet's to 1e-7 relative.
     */
    static void assertObjective(Pipeline.Outcome run, Properties ref) {
        double ours = run.evaluation("train").loss() + run.penalty().value(run.model().model(), run.model().parameters());
        double theirs = Double.parseDouble(ref.getProperty("objective"));
        assertThat(ours).isLessThanOrEqualTo(theirs + 1e-7 * Math.abs(theirs));
    }

    static void assertCoefficients(double[] ours, double[] theirs) {
        assertThat(ours).hasSameSizeAs(theirs);
        for (int j = 0; j < theirs.length; j++) {
            assertThat(ours[j]).as("coefficient %d", j).isCloseTo(theirs[j], within(1e-4 * Math.max(1, Math.abs(theirs[j]))));
            assertThat(ours[j] == 0).as("coefficient %d is zero (glmnet %s)", j, theirs[j]).isEqualTo(theirs[j] == 0);
        }
    }

    /** A binary logistic case on breast_cancer: coefficients, zeros and the objective recomputed from the rows. */
    void binaryCase(String name, boolean weighted) throws IOException {
        binaryCase(name, weighted, true, true);
    }

    /**
     * As {@link #binaryCase(String, boolean)}, with the penalty on the weights of standardized features or
     * of the features as given, and with or without an intercept (then the features are scaled, not centred).
     */
    void binaryCase(String name, boolean weighted, boolean standardize, boolean intercept) throws IOException {
        Properties ref = reference(name);
        List<String[]> rows = rows("breast_cancer");
        int n = rows.size() - 1;
        int d = rows.get(0).length - 1;
        double[][] features = new double[n][d];
        double[] labels = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            String[] cells = rows.get(i + 1);
            for (int j = 0; j < d; j++) {
                features[i][j] = Double.parseDouble(cells[j]);
            }
            labels[i] = cells[d].equals(ref.getProperty("positive.class")) ? 1 : 0;
            weights[i] = weighted ? (i % 3) + 1 : 1;
        }
        Pipeline pipeline = pipeline("breast_cancer", "logistic", ref).standardization(standardize)
                .plan(plan -> plan.intercept(intercept));
        if (weighted) {
            Path file = dir.resolve("weighted.csv");
            StringBuilder csv = new StringBuilder(String.join(",", rows.get(0))).append(",w\n");
            for (int i = 0; i < n; i++) {
                csv.append(String.join(",", rows.get(i + 1))).append(',').append((i % 3) + 1).append('\n');
            }
            Files.writeString(file, csv);
            pipeline = Pipeline.of(file.toString(), ModelSpec.parse("logistic")).split(0, 0)
                    .columns(c -> c.weight("w")).plan(pipeline.plan());
        }
        Pipeline.Outcome run = pipeline.run();
        SavedModel.Coefficients c = run.model().coefficients().orElseThrow();
        assertThat(c.outputs()).containsExactly(ref.getProperty("positive.class"));
        double[] ours = c.coefficients()[0];
        assertCoefficients(ours, numbers(ref.getProperty("coef")));
        assertThat(c.intercepts()[0]).isCloseTo(Double.parseDouble(ref.getProperty("intercept")), within(1e-4 * 33));
        if (!intercept) {
            assertThat(c.intercepts()[0]).isEqualTo(0.0);
        }
        assertThat(c.zeros()).isEqualTo(Long.parseLong(ref.getProperty("zeros")));

        double total = Arrays.stream(weights).sum();
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double z = c.intercepts()[0];
            for (int j = 0; j < d; j++) {
                z += ours[j] * features[i][j];
            }
            loss += weights[i] / total * (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - labels[i] * z);
        }
        double[] sd = deviations(features, weights);
        if (!standardize) {
            Arrays.fill(sd, 1.0); // the penalty on the coefficients of the features as given
        }
        double x = Double.parseDouble(ref.getProperty("x"));
        double y = Double.parseDouble(ref.getProperty("y"));
        double l1 = 0;
        double l2 = 0;
        for (int j = 0; j < d; j++) {
            l1 += Math.abs(ours[j] * sd[j]);
            l2 += ours[j] * sd[j] * ours[j] * sd[j];
        }
        double objective = loss + x * l1 + y / 2 * l2;
        double theirs = Double.parseDouble(ref.getProperty("objective"));
        assertThat(objective).isLessThanOrEqualTo(theirs * (1 + 1e-7));
    }

    @Test
    void breastCancerLassoMatchesGlmnetWithItsZeros() throws IOException {
        binaryCase("breast_cancer_lasso", false);
    }

    @Test
    void breastCancerElasticNetMatchesGlmnet() throws IOException {
        binaryCase("breast_cancer_elastic_net", false);
    }

    @Test
    void weightedBreastCancerLassoMatchesGlmnet() throws IOException {
        binaryCase("breast_cancer_weighted_lasso", true);
    }

    @Test
    void withoutStandardizationThePenaltyFallsOnTheFeaturesAsGiven() throws IOException {
        binaryCase("breast_cancer_lasso_no_standardize", false, false, true);
    }

    @Test
    void withoutAnInterceptTheFeaturesAreScaledNotCentred() throws IOException {
        binaryCase("breast_cancer_lasso_no_intercept", false, true, false);
    }

    @Test
    void weightedDiabetesElasticNetMatchesGlmnetAndScikitLearn() throws IOException {
        Properties ref = reference("diabetes_weighted_elastic_net");
        List<String[]> rows = rows("diabetes");
        StringBuilder csv = new StringBuilder(String.join(",", rows.get(0))).append(",w\n");
        for (int i = 1; i < rows.size(); i++) {
            csv.append(String.join(",", rows.get(i))).append(',').append(((i - 1) % 3) + 1).append('\n');
        }
        Path file = dir.resolve("diabetes-weighted.csv");
        Files.writeString(file, csv);
        Pipeline.Outcome run = Pipeline.of(file.toString(), ModelSpec.parse("linear")).split(0, 0)
                .columns(c -> c.weight("w")).plan(pipeline("diabetes", "linear", ref).plan()).run();
        assertObjective(run, ref);
        SavedModel.Coefficients c = run.model().coefficients().orElseThrow();
        assertCoefficients(c.coefficients()[0], numbers(ref.getProperty("coef")));
        assertThat(c.intercepts()[0]).isCloseTo(Double.parseDouble(ref.getProperty("intercept")), within(1e-4 * 113));
    }

    /** A bounded case: glmnet's lower.limits / upper.limits on the coefficients on the features' own scale. */
    void boundedCase(String name) throws IOException {
        Properties ref = reference(name);
        List<String> features = List.of(ref.getProperty("features").split(","));
        double[] lower = numbers(ref.getProperty("lower"));
        double[] upper = numbers(ref.getProperty("upper"));
        java.util.Map<String, double[]> bounds = new java.util.LinkedHashMap<>();
        for (int j = 0; j < features.size(); j++) {
            if (lower[j] != Double.NEGATIVE_INFINITY || upper[j] != Double.POSITIVE_INFINITY) {
                bounds.put(features.get(j), new double[] {lower[j], upper[j]});
            }
        }
        Pipeline.Outcome run = pipeline("breast_cancer", "logistic", ref).coefficientBounds(bounds).run();
        assertObjective(run, ref);
        SavedModel.Coefficients c = run.model().coefficients().orElseThrow();
        double[] ours = c.coefficients()[0];
        assertCoefficients(ours, numbers(ref.getProperty("coef")));
        for (String active : ref.getProperty("active.bounds").split(",")) {
            String feature = active.substring(0, active.indexOf('='));
            int j = features.indexOf(feature);
            double bound = active.endsWith("=lower") ? lower[j] : upper[j];
            // the bound is kept on the standardized weight; back on the features' scale it holds to rounding
            assertThat(ours[j]).as(feature).isCloseTo(bound, within(1e-12 * Math.max(1, Math.abs(bound))));
        }
        for (int j = 0; j < features.size(); j++) {
            assertThat(ours[j]).as(features.get(j)).isBetween(lower[j] - 1e-12 * Math.abs(lower[j]),
                    upper[j] + 1e-12 * Math.abs(upper[j]));
        }
    }

    @Test
    void coefficientBoundsMatchGlmnetsLimitsWithAnL2Penalty() throws IOException {
        boundedCase("breast_cancer_ridge_bounded");
    }

    @Test
    void coefficientBoundsMatchGlmnetsLimitsWithAnElasticNetBeyondWhatMllibTakes() throws IOException {
        boundedCase("breast_cancer_elastic_net_bounded");
    }

    @Test
    void diabetesLassoZeroesAgeS2AndS4AsGlmnetDoes() throws IOException {
        Properties ref = reference("diabetes_lasso");
        Pipeline.Outcome run = pipeline("diabetes", "linear", ref).run();
        assertObjective(run, ref);
        SavedModel.Coefficients c = run.model().coefficients().orElseThrow();
        assertCoefficients(c.coefficients()[0], numbers(ref.getProperty("coef")));
        assertThat(c.intercepts()[0]).isCloseTo(Double.parseDouble(ref.getProperty("intercept")), within(1e-4 * 225));
        List<String> zero = new ArrayList<>();
        for (int j = 0; j < c.features().size(); j++) {
            if (c.coefficients()[0][j] == 0) {
                zero.add(c.features().get(j));
            }
        }
        assertThat(String.join(",", zero)).isEqualTo(ref.getProperty("zero.features"));
    }

    @Test
    void irisMultinomialLassoMatchesGlmnet() throws IOException {
        Properties ref = reference("iris_multinomial_lasso");
        Pipeline.Outcome run = pipeline("iris", "softmax", ref).run();
        assertObjective(run, ref);
        SavedModel.Coefficients c = run.model().coefficients().orElseThrow();
        List<String> classes = List.of(ref.getProperty("classes").split(","));
        assertThat(c.outputs()).isEqualTo(classes);
        double ourMean = Arrays.stream(c.intercepts()).average().orElseThrow();
        for (int k = 0; k < classes.size(); k++) {
            String cls = classes.get(k);
            assertCoefficients(c.coefficients()[k], numbers(ref.getProperty("coef." + cls)));
            // glmnet centres the unpenalized intercepts (they are determined only up to a common shift)
            assertThat(c.intercepts()[k] - ourMean).as("intercept " + cls)
                    .isCloseTo(Double.parseDouble(ref.getProperty("intercept." + cls)), within(1e-4 * 8.5));
        }
        assertThat(c.zeros()).isEqualTo(Long.parseLong(ref.getProperty("zeros")));
    }
}
